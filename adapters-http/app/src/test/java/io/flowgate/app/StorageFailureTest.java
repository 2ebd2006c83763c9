package io.flowgate.app;

import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store fails under a running server (its tables are dropped behind its back): every route still answers
 * with Flowgate's own 500 and a request id, and the log has one line under that id.
 */
class StorageFailureTest {

    private CapturedLogs logs;

    @BeforeEach
    void captureLogs() {
        logs = CapturedLogs.of("io.flowgate");
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    private static final String WA_ID = "447700900123";

    @TempDir
    Path home;


    @Test
    void whenTheStoreFailsEveryRouteAnswersItsOwn500WithARequestId() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_STORAGE_TYPE", "embedded",
                "FLOWGATE_TOKENS_MODE", "strict", "FLOWGATE_ADMIN_TOKEN", TestServers.ADMIN_TOKEN))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            URI management = URI.create("http://127.0.0.1:" + server.managementPort());
            String token = new AdminClient(management, TestServers.ADMIN_TOKEN).issueToken("booking", WA_ID, null, null).flowToken();
            try (var connection = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/flowgate.db"));
                 var statement = connection.createStatement()) {
                statement.execute("DROP TABLE flow_sessions");
                statement.execute("DROP TABLE webhook_events");
            }
            var http = HttpClient.newHttpClient();

            var admin = http.send(HttpRequest.newBuilder(management.resolve("/api/flows/booking/tokens"))
                    .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"wa_id\":\"" + WA_ID + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            var webhook = http.send(HttpRequest.newBuilder(base.resolve("/webhook")).POST(HttpRequest.BodyPublishers
                            .ofString(WebhookDeliveries.completion("wamid.1", WA_ID, token, "wamid.flow", "yes"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            var step = new WhatsAppClient(base, WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")))
                    .send("booking", payload("INIT", "", Map.of(), token));

            for (var answer : List.of(admin, webhook)) {
                String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
                assertThat(answer.statusCode()).isEqualTo(500);
                assertThat(answer.body()).isEqualTo("{\"error\":\"The server failed unexpectedly; its log names the"
                        + " cause under this request_id.\",\"request_id\":\"" + requestId + "\"}");
                assertThat(linesFor(requestId)).singleElement().asString().startsWith("SEVERE req=" + requestId)
                        .contains("status=500", "java.lang.IllegalStateException");
            }
            assertThat(step.status()).isEqualTo(500);
            assertThat(step.body()).doesNotContain("Exception", "flow_sessions");
            assertThat(logs.linesAtLeast(java.util.logging.Level.ALL)).filteredOn(line -> line.contains("flow=booking") && line.contains("status=500"))
                    .singleElement().asString().startsWith("SEVERE req=")
                    .contains("unexpected failure while handling the decrypted request", "IllegalStateException")
                    .doesNotContain(token, "flow_sessions");
        }
    }

    private List<String> linesFor(String requestId) {
        return logs.linesAtLeast(java.util.logging.Level.ALL).stream()
                .filter(line -> line.contains("req=" + requestId)).toList();
    }
}
