package io.flowgate.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.app.fixtures.HealthProbePlugin;
import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Known traffic through a real server (answers, 421, 432, 427, a failing plugin, a timeout, a ping) and Meta's
 * alerts through the real webhook: the flow health answer, ./flowgate status and /status/data show exactly
 * those counts, and the plugin mapped to the Meta flow id observes its alerts.
 */
class FlowHealthEndToEndTest {

    private static final String SECRET = "app-secret-for-tests";
    private static final String META_FLOW = "1187654321098765";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path home;
    private FlowgateServer server;
    private Path alertsSeen;
    private CapturedLogs logs;

    @BeforeEach
    void start() throws Exception {
        alertsSeen = home.resolve("meta-alerts.txt");
        System.setProperty("flowgate.test.meta-alerts", alertsSeen.toString());
        TestJarsAccess.jar(home.resolve("plugins/probe.jar"), HealthProbePlugin.class.getName(), HealthProbePlugin.class);
        Path config = Files.writeString(home.resolve("application.yaml"), """
                flowgate:
                  flows:
                    probe:
                      meta-flow-id: "%s"
                """.formatted(META_FLOW));
        logs = CapturedLogs.of("io.flowgate");
        server = TestServers.start(home, Map.of("FLOWGATE_APP_SECRET", SECRET, "FLOWGATE_ADMIN_TOKEN",
                TestServers.ADMIN_TOKEN, "FLOWGATE_REQUEST_DEADLINE", "PT0.5S"), config);
    }

    @AfterEach
    void stop() {
        logs.close();
        server.close();
    }

    @Test
    void theHealthAnswerStatusCommandAndStatusPageShowExactlyTheTrafficAndAlertsSent() throws Exception {
        sendKnownTraffic();
        sendMetaAlerts();

        Map<String, Object> health = adminGet("/api/flows/probe/health");
        assertThat(health).containsEntry("flow", "probe").containsEntry("meta_flow_id", META_FLOW)
                .containsEntry("requests", 8).containsEntry("errors", 3).containsEntry("error_rate", 0.375)
                .containsEntry("state", "warning").containsEntry("pings", 1).containsEntry("pings_answered", 1)
                .containsEntry("availability", 1.0).containsEntry("meta_status", "THROTTLED")
                .containsEntry("window_minutes", 30).containsEntry("availability_window_minutes", 10);
        assertThat(health.get("answers")).isEqualTo(Map.of("200", 3, "421", 1, "427", 1, "432", 1, "500", 1, "timeout", 1));
        assertThat((List<?>) health.get("reasons")).singleElement().asString()
                .startsWith("error rate 37.5% over the last 30 minutes");
        // The slowest of 8 requests is the one the deadline (0.5 s) cut off: p90 is its bin's upper edge.
        assertThat(((Number) health.get("p90_ms")).longValue()).isBetween(500L, 10_000L);
        assertThat(((Number) health.get("p50_ms")).longValue()).isLessThanOrEqualTo(((Number) health.get("p90_ms")).longValue());
        List<Map<String, Object>> alerts = maps(health.get("alerts"));
        assertThat(alerts).extracting(a -> a.get("event") + " " + a.get("state"))
                .containsExactly("ENDPOINT_ERROR_RATE ACTIVATED", "FLOW_STATUS_CHANGE THROTTLED", "SOMETHING_NEW ");
        assertThat(maps(health.get("recent_alerts"))).hasSize(3);
        assertThat(alerts.getFirst().get("occurred_at")).as("the entry's time").isEqualTo(java.time.Instant.ofEpochSecond(1764661200).toString());

        assertThat(adminGet("/api/flows/booking/health")).containsEntry("requests", 0).containsEntry("state", "ok")
                .containsEntry("p90_ms", null).containsEntry("availability", null).containsEntry("meta_flow_id", null);
        var unknown = HTTP.send(adminRequest("/api/flows/nosuch/health"), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no plugin serves this flow");

        Map<String, Object> all = adminGet("/api/health");
        assertThat(maps(all.get("flows"))).extracting(f -> f.get("flow")).containsExactly("booking", "probe");
        assertThat(all.get("alerts_received")).isEqualTo(Map.of("ENDPOINT_ERROR_RATE ACTIVATED", 1,
                "FLOW_STATUS_CHANGE THROTTLED", 1, "UNKNOWN", 1, "ENDPOINT_LATENCY ACTIVATED", 1));

        assertThat(WebhookDeliveries.awaitLines(alertsSeen, 3, Duration.ofSeconds(5))).containsExactly(
                META_FLOW + " ENDPOINT_ERROR_RATE ACTIVATED  5", META_FLOW + " FLOW_STATUS_CHANGE  THROTTLED null",
                META_FLOW + " SOMETHING_NEW   null");
        assertThat(logs.messagesOf("io.flowgate.core.service.MetaAlertService", Level.WARNING))
                .anySatisfy(line -> assertThat(line).contains(META_FLOW).contains("ENDPOINT_ERROR_RATE ACTIVATED"))
                .anySatisfy(line -> assertThat(line).contains("FLOW_STATUS_CHANGE THROTTLED"))
                .anySatisfy(line -> assertThat(line).contains("mapped to no flow"))
                .hasSize(3);

        var status = runStatus(statusConfig(server.managementPort()));
        assertThat(status.exit).as(status.err).isZero();
        assertThat(status.out).containsPattern("(?m)^probe\\s+warning\\s+8\\s+3\\s+37\\.5%\\s+\\d+ ms\\s+\\d+ ms\\s+"
                + "100\\.0% \\(1/1\\)\\s+200:3 421:1 427:1 432:1 500:1 timeout:1\\s+THROTTLED\\s+"
                + "ENDPOINT_ERROR_RATE ACTIVATED, FLOW_STATUS_CHANGE THROTTLED, SOMETHING_NEW$");
        assertThat(status.out).containsPattern("(?m)^booking\\s+ok\\s+0\\s+0\\s+0\\.0%\\s+-\\s+-\\s+- \\(no pings\\)\\s+-\\s+-\\s+\\(not mapped\\)$")
                .contains("warning probe: error rate 37.5% over the last 30 minutes")
                .contains("Meta events received by this instance: ENDPOINT_ERROR_RATE ACTIVATED: 1; ENDPOINT_LATENCY ACTIVATED: 1;"
                        + " FLOW_STATUS_CHANGE THROTTLED: 1; UNKNOWN: 1");

        assertMetricsCountExactlyTheTrafficAndAlertsSent(PrometheusText.scrape(server.managementPort()));

        var page = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort() + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("function renderFunnel(section, funnel)").contains("fetch(\"/status/data\"")
                .doesNotContain("src=").doesNotContain("https://");
        var data = JSON.readValue(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort()
                + "/status/data")).build(), HttpResponse.BodyHandlers.ofString()).body(), new TypeReference<Map<String, Object>>() {
        });
        Map<String, Object> probe = maps(data.get("flows")).stream().filter(f -> f.get("flow").equals("probe")).findFirst().orElseThrow();
        List<Map<String, Object>> lastHour = maps(probe.get("last_hour"));
        assertThat(lastHour).hasSize(60);
        assertThat(lastHour.stream().mapToInt(m -> (Integer) m.get("requests")).sum()).isEqualTo(8);
        assertThat(lastHour.stream().mapToInt(m -> (Integer) m.get("errors")).sum()).isEqualTo(3);
        assertThat(probe).containsEntry("requests", 8);
        assertThat(probe.get("funnel")).as("the funnel of the flow, drawn by the page").isNotNull();
    }

    /** The same traffic as the health answer counts, in Prometheus's terms (sendKnownTraffic says what each is). */
    private static void assertMetricsCountExactlyTheTrafficAndAlertsSent(PrometheusText metrics) {
        String requests = "flowgate_requests_total";
        assertThat(metrics.value(requests, "flow", "probe", "action", "INIT", "status", "200")).as(metrics.toString()).isEqualTo(2);
        assertThat(metrics.value(requests, "flow", "probe", "action", "ping", "status", "200")).isEqualTo(1);
        // Neither could be decrypted: which action they carried is not known.
        assertThat(metrics.value(requests, "flow", "probe", "action", "unknown", "status", "421")).isEqualTo(1);
        assertThat(metrics.value(requests, "flow", "probe", "action", "unknown", "status", "432")).isEqualTo(1);
        assertThat(metrics.value(requests, "flow", "probe", "action", "INIT", "status", "427")).isEqualTo(1);
        assertThat(metrics.value(requests, "flow", "probe", "action", "INIT", "status", "500")).as("failing and slow").isEqualTo(2);
        assertThat(metrics.value(requests, "flow", "(unknown)", "action", "unknown", "status", "404")).isEqualTo(1);
        assertThat(metrics.sum(requests)).as("nothing else was counted").isEqualTo(9);

        assertThat(metrics.value("flowgate_request_duration_seconds_count", "flow", "probe")).isEqualTo(8);
        assertThat(metrics.value("flowgate_request_duration_seconds_bucket", "flow", "probe", "le", "+Inf")).isEqualTo(8);
        assertThat(metrics.value("flowgate_request_duration_seconds_bucket", "flow", "probe", "le", "0.25"))
                .as("all but the request the 0.5 s deadline cut off").isEqualTo(7);
        assertThat(metrics.value("flowgate_request_timeouts_total", "flow", "probe")).isEqualTo(1);
        assertThat(metrics.value("flowgate_plugin_failures_total", "flow", "probe", "kind", "failure")).isEqualTo(1);
        assertThat(metrics.value("flowgate_plugin_failures_total", "flow", "probe", "kind", "timeout")).isEqualTo(1);
        assertThat(metrics.value("flowgate_plugin_failures_total", "flow", "probe", "kind", "saturated")).isZero();
        assertThat(metrics.value("flowgate_token_rejections_total", "flow", "probe", "reason", "unknown")).isEqualTo(1);
        assertThat(metrics.sum("flowgate_token_rejections_total")).isEqualTo(1);
        assertThat(metrics.value("flowgate_signature_rejections_total", "flow", "probe", "kind", "hub_signature")).isEqualTo(1);
        assertThat(metrics.sum("flowgate_signature_rejections_total")).isEqualTo(1);
        assertThat(metrics.value("flowgate_decryption_rejected_total")).isZero();

        String alerts = "flowgate_meta_alerts_total";
        assertThat(metrics.value(alerts, "event", "ENDPOINT_ERROR_RATE", "alert_state", "ACTIVATED")).isEqualTo(1);
        assertThat(metrics.value(alerts, "event", "FLOW_STATUS_CHANGE", "alert_state", "THROTTLED")).isEqualTo(1);
        assertThat(metrics.value(alerts, "event", "ENDPOINT_LATENCY", "alert_state", "ACTIVATED")).isEqualTo(1);
        assertThat(metrics.value(alerts, "event", "SOMETHING_NEW", "alert_state", "(none)")).as("unknown events count too").isEqualTo(1);
        assertThat(metrics.sum(alerts)).isEqualTo(4);
        assertThat(metrics.value("flowgate_meta_flow_state", "meta_flow_id", META_FLOW, "event", "FLOW_STATUS_CHANGE",
                "state", "THROTTLED")).isEqualTo(1);
        assertThat(metrics.value("flowgate_meta_flow_state", "meta_flow_id", META_FLOW, "event", "ENDPOINT_ERROR_RATE",
                "state", "ACTIVATED")).isEqualTo(1);
        assertThat(metrics.text()).as("no token, phone number or secret in any label")
                .doesNotContain("447700900123").doesNotContain("never-issued-token").doesNotContain(SECRET);
    }

    @Test
    void theStatusCommandNamesTheUrlItTriedWhenNoServerAnswers() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var status = runStatus(statusConfig(closedPort));

        assertThat(status.exit).isEqualTo(1);
        assertThat(status.err).contains("no server answers at http://127.0.0.1:" + closedPort + "/api/health");
    }

    @Test
    void theStatusCommandSaysWhenTheAdminTokenIsNotTheServers() throws Exception {
        Path config = Files.writeString(home.resolve("wrong-token.yaml"), """
                flowgate:
                  management:
                    port: %d
                  admin:
                    token: "not-the-servers-token-0123"
                """.formatted(server.managementPort()));
        var status = runStatus(config);

        assertThat(status.exit).isEqualTo(1);
        assertThat(status.err).contains("refused the admin token (401)");
    }

    private void sendKnownTraffic() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + server.port());
        RSAPublicKey endpointKey = WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem"));
        var whatsApp = new WhatsAppClient(base, endpointKey).signingWith(SECRET);
        var admin = new AdminClient(URI.create("http://127.0.0.1:" + server.managementPort()), TestServers.ADMIN_TOKEN);
        String good = admin.issueToken("probe", "447700900123", null, Map.of("mode", "ok")).flowToken();
        String failing = admin.issueToken("probe", "447700900123", null, Map.of("mode", "fail")).flowToken();
        String slow = admin.issueToken("probe", "447700900123", null, Map.of("mode", "slow")).flowToken();

        assertThat(whatsApp.send("probe", payload("INIT", "", Map.of(), good)).status()).isEqualTo(200);
        assertThat(whatsApp.send("probe", payload("INIT", "", Map.of(), good)).status()).isEqualTo(200);
        assertThat(whatsApp.send("probe", payload("ping", null, null, null)).status()).isEqualTo(200);
        var keyPairs = KeyPairGenerator.getInstance("RSA");
        keyPairs.initialize(2048);
        var staleKey = (RSAPublicKey) keyPairs.generateKeyPair().getPublic();
        assertThat(new WhatsAppClient(base, staleKey).signingWith(SECRET)
                .send("probe", payload("INIT", "", Map.of(), good)).status()).isEqualTo(421);
        assertThat(new WhatsAppClient(base, endpointKey).signingWith("another-apps-secret")
                .send("probe", payload("INIT", "", Map.of(), good)).status()).isEqualTo(432);
        assertThat(whatsApp.send("probe", payload("INIT", "", Map.of(), "never-issued-token")).status()).isEqualTo(427);
        assertThat(whatsApp.send("probe", payload("INIT", "", Map.of(), failing)).status()).isEqualTo(500);
        assertThat(whatsApp.send("probe", payload("INIT", "", Map.of(), slow)).status()).isEqualTo(500);
        // Not ours: an unknown flow is not recorded anywhere (404 before decryption).
        assertThat(whatsApp.send("nosuch", payload("ping", null, null, null)).status()).isEqualTo(404);
    }

    /** Shaped like Meta's documented samples, trailing commas included, and signed like Meta's deliveries. */
    private void sendMetaAlerts() throws Exception {
        String delivery = """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","time":1764661200,"changes":[
                  {"field":"flows","value":{"event":"ENDPOINT_ERROR_RATE","message":"Flow probe's endpoint error rate \
                is 37%%","flow_id":"%1$s","alert_state":"ACTIVATED","error_rate":37.5,"threshold":5,
                  "errors":[{"error_type":"TIMEOUT_ERROR","error_rate":12.5,"error_count":1},],},},
                  {"field":"flows","value":{"event":"FLOW_STATUS_CHANGE","message":"Flow probe changed status from \
                PUBLISHED to THROTTLED","flow_id":"%1$s","old_status":"PUBLISHED","new_status":"THROTTLED",},},
                  {"field":"flows","value":{"event":"SOMETHING_NEW","flow_id":"%1$s","shape":["kept"]}},
                  {"field":"flows","value":{"event":"ENDPOINT_LATENCY","flow_id":"999","alert_state":"ACTIVATED",
                  "p90_latency":7400,"requests_count":300}},
                ]}]}
                """.formatted(META_FLOW);
        var answer = WebhookDeliveries.post(server.port(), delivery, WebhookDeliveries.signature(SECRET, delivery));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private Path statusConfig(int managementPort) throws Exception {
        return Files.writeString(home.resolve("status-" + managementPort + ".yaml"), """
                flowgate:
                  management:
                    port: %d
                  admin:
                    token: "%s"
                """.formatted(managementPort, TestServers.ADMIN_TOKEN));
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run runStatus(Path config) {
        var out = new StringWriter();
        var err = new StringWriter();
        var command = new CommandLine(new Main());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute("status", "--config", config.toString());
        return new Run(exit, out.toString(), err.toString());
    }

    private HttpRequest adminRequest(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort() + path))
                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN).build();
    }

    private Map<String, Object> adminGet(String path) throws Exception {
        var response = HTTP.send(adminRequest(path), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), new TypeReference<>() {
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
