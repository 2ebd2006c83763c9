package io.flowgate.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.plugins.loader.fixtures.CounterPlugin;
import io.flowgate.plugins.loader.TestJarsAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The /observe endpoints of a real server: on the management listener, in Helidon's health format, never public. */
class ObserveEndpointsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path home;
    private FlowgateServer server;

    @BeforeEach
    void start() throws Exception {
        TestJarsAccess.jar(home.resolve("plugins/counter.jar"), CounterPlugin.class.getName(), CounterPlugin.class);
        server = TestServers.start(home, Map.of());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readinessNamesEachCheckInHelidonsHealthFormat() throws Exception {
        var ready = get(server.managementPort(), "/observe/health/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        Map<String, Object> body = new ObjectMapper().readValue(ready.body(), new TypeReference<>() {
        });
        assertThat(body).containsEntry("status", "UP");
        @SuppressWarnings("unchecked")
        var checks = (List<Map<String, Object>>) body.get("checks");
        assertThat(checks).extracting(check -> check.get("name") + " " + check.get("status"))
                .containsExactly("storage UP", "keys UP", "plugins UP", "decryption-queue UP");
        assertThat(checks.get(1).get("data")).isEqualTo(Map.of("loaded", 1, "mode", "production"));
        assertThat(checks.get(2).get("data")).isEqualTo(Map.of("flows", "booking,counter"));

        var live = get(server.managementPort(), "/observe/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"name\":\"deadlock\",\"status\":\"UP\"");
        assertThat(get(server.managementPort(), "/observe/health").body()).contains("deadlock").contains("storage");
        assertThat(get(server.managementPort(), "/observe/health/started").statusCode()).isEqualTo(200);
    }

    @Test
    void thePublicListenerServesNoneOfObserve() throws Exception {
        for (String path : List.of("/observe/health", "/observe/health/ready", "/observe/metrics")) {
            assertThat(get(server.port(), path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void theMetricsAreValidPrometheusTextAndNameTheServedFlows() throws Exception {
        PrometheusText metrics = PrometheusText.scrape(server.managementPort());

        assertThat(metrics.value("flowgate_plugins_loaded")).as("booking and counter").isEqualTo(2);
        assertThat(metrics.value("flowgate_decryption_queue_capacity")).isPositive();
        assertThat(metrics.value("flowgate_webhook_oldest_undelivered_age_seconds")).isZero();
        assertThat(metrics.names()).contains("flowgate_request_duration_seconds_bucket", "flowgate_plugin_failures_total",
                "flowgate_webhook_events_total", "flowgate_decryption_queue_depth");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
