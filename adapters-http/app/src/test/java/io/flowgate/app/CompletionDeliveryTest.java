package io.flowgate.app;

import io.flowgate.app.fixtures.FlakyCompletionPlugin;
import io.flowgate.core.domain.WebhookDeliveryPolicy;
import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.testkit.AdminClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Completions a plugin cannot take: retried with backoff, dead-lettered after the last attempt, listed and
 * retried on the admin API. A fast policy (two attempts, 100 ms apart) keeps the test short.
 */
class CompletionDeliveryTest {

    private static final String SECRET = "app-secret-for-tests";
    private static final String WA_ID = "447700900123";
    private static final String ADMIN = TestServers.ADMIN_TOKEN;

    @TempDir
    Path home;
    private FlowgateServer server;
    private Path completions;
    private Path crmDown;

    @BeforeEach
    void start() throws Exception {
        completions = home.resolve("completions.txt");
        crmDown = home.resolve("crm-down");
        System.setProperty("flowgate.test.completions", completions.toString());
        System.setProperty("flowgate.test.flaky-switch", crmDown.toString());
        Path plugins = home.resolve("plugins");
        TestJarsAccess.jar(plugins.resolve("flaky.jar"), FlakyCompletionPlugin.class.getName(), FlakyCompletionPlugin.class);
        Path key = Files.writeString(home.resolve("private.pem"), TestServers.resource("/keys/private-pkcs8.pem"));
        var environment = new HashMap<>(Map.of("SERVER_HOST", "127.0.0.1", "SERVER_PORT", "0", "FLOWGATE_MANAGEMENT_PORT", "0",
                "FLOWGATE_PLUGINS_DIR", plugins.toString(), "FLOWGATE_DATA_DIR", home.resolve("data").toString(),
                "FLOWGATE_KEYS_PRIVATE_KEY", key.toString(), "FLOWGATE_STORAGE_TYPE", "memory",
                "FLOWGATE_ADMIN_TOKEN", ADMIN, "FLOWGATE_APP_SECRET", SECRET));
        // Fast retries, so that two attempts end in the dead letter within the test.
        environment.putAll(Map.of("FLOWGATE_WEBHOOK_DELIVERY_TIMEOUT", "PT5S", "FLOWGATE_WEBHOOK_DELIVERY_MAX_ATTEMPTS", "2",
                "FLOWGATE_WEBHOOK_DELIVERY_CONCURRENCY", "2", "FLOWGATE_WEBHOOK_DELIVERY_FIRST_RETRY_DELAY", "PT0.1S",
                "FLOWGATE_WEBHOOK_DELIVERY_MAX_RETRY_DELAY", "PT0.1S"));
        server = FlowgateServer.start(SettingsReader.read(Optional.empty(), environment));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aCompletionThePluginKeepsFailingOnBecomesADeadLetterAndARetryDeliversIt() throws Exception {
        Files.createFile(crmDown);
        String token = new AdminClient(URI.create("http://127.0.0.1:" + server.managementPort()), ADMIN)
                .issueToken("flaky", WA_ID, null, null).flowToken();
        String messageId = "wamid.HBgLNDQ3/NzAwOTAwMTIzFQIAEhgg+Q=="; // base64: '/', '+' and '=' occur
        post(WebhookDeliveries.completion(messageId, WA_ID, token, "wamid.flow", "private-answer"));

        Map<String, Object> failed = WebhookDeliveries.awaitState(server.managementPort(), messageId, "failed", ADMIN,
                Duration.ofSeconds(15));
        assertThat(failed).containsEntry("attempts", 2).containsEntry("flow", "flaky")
                .containsEntry("last_error", Map.of("type", IllegalStateException.class.getName(), "message", "the CRM is down"))
                .containsKeys("received_at", "last_attempt_at", "failed_at").doesNotContainKey("next_attempt_at");
        String listing = WebhookDeliveries.admin(server.managementPort(), "GET", "/api/completions?state=failed", ADMIN).body();
        assertThat(listing).as("no response values, no phone number, no token")
                .doesNotContain("private-answer", WA_ID, token);
        assertThat(completions).doesNotExist();

        Files.delete(crmDown);
        String retryPath = "/api/completions/" + URLEncoder.encode(messageId, StandardCharsets.UTF_8) + "/retry";
        var retry = WebhookDeliveries.admin(server.managementPort(), "POST", retryPath, ADMIN);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.body()).contains("\"state\":\"pending\"", "\"attempts\":0");

        assertThat(WebhookDeliveries.awaitState(server.managementPort(), messageId, "delivered", ADMIN, Duration.ofSeconds(10)))
                .containsEntry("attempts", 1)
                .containsEntry("last_error", Map.of("type", IllegalStateException.class.getName(), "message", "the CRM is down"));
        assertThat(Files.readAllLines(completions)).containsExactly(messageId);
        assertThat(WebhookDeliveries.admin(server.managementPort(), "POST", retryPath, ADMIN).statusCode())
                .as("delivered, not failed").isEqualTo(409);
    }

    @Test
    void theListingPagesNewestFirstThroughItsNextCursor() throws Exception {
        for (String id : List.of("wamid.1", "wamid.2", "wamid.3")) {
            post(WebhookDeliveries.completion(id, WA_ID, "unknown-token", "wamid.flow", "x")); // no session: handled
            WebhookDeliveries.awaitState(server.managementPort(), id, "delivered", ADMIN, Duration.ofSeconds(10));
        }

        Map<String, Object> first = WebhookDeliveries.listing(server.managementPort(), "state=delivered&limit=2", ADMIN);
        Map<String, Object> second = WebhookDeliveries.listing(server.managementPort(), "state=delivered&limit=2&after="
                + first.get("next"), ADMIN);

        assertThat(ids(first)).containsExactly("wamid.3", "wamid.2");
        assertThat(ids(second)).containsExactly("wamid.1");
        assertThat(second).doesNotContainKey("next");
    }

    @Test
    void badRequestsAreRefusedWithWhatToFix() throws Exception {
        int port = server.managementPort();

        assertThat(WebhookDeliveries.admin(port, "GET", "/api/completions?state=failed", null).statusCode()).isEqualTo(401);
        assertThat(WebhookDeliveries.admin(port, "GET", "/api/completions?state=failed", "guess").statusCode()).isEqualTo(401);
        assertThat(WebhookDeliveries.admin(port, "POST", "/api/completions/wamid.1/retry", null).statusCode()).isEqualTo(401);
        assertRefused(WebhookDeliveries.admin(port, "GET", "/api/completions", ADMIN), 400, "must be one of pending, delivered, failed");
        assertRefused(WebhookDeliveries.admin(port, "GET", "/api/completions?state=lost", ADMIN), 400, "must be one of");
        assertRefused(WebhookDeliveries.admin(port, "GET", "/api/completions?state=failed&limit=0", ADMIN), 400, "from 1 to 200");
        assertRefused(WebhookDeliveries.admin(port, "GET", "/api/completions?state=failed&limit=201", ADMIN), 400, "whole number from 1 to 200");
        assertRefused(WebhookDeliveries.admin(port, "GET", "/api/completions?state=failed&limit=ten", ADMIN), 400, "whole number from 1 to 200");
        assertRefused(WebhookDeliveries.admin(port, "GET", "/api/completions?state=failed&after=%21%21", ADMIN), 400, "value of an earlier page");
        assertRefused(WebhookDeliveries.admin(port, "POST", "/api/completions/wamid.unknown/retry", ADMIN), 404,
                "no stored completion");

        post(WebhookDeliveries.completion("wamid.pending-or-done", WA_ID, "unknown-token", "wamid.flow", "x"));
        assertRefused(WebhookDeliveries.admin(port, "POST", "/api/completions/wamid.pending-or-done/retry", ADMIN), 409,
                "only a failed one can be retried");
    }

    private void post(String body) throws Exception {
        assertThat(WebhookDeliveries.post(server.port(), body, WebhookDeliveries.signature(SECRET, body)).statusCode())
                .isEqualTo(200);
    }

    private static void assertRefused(java.net.http.HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(message);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ids(Map<String, Object> listing) {
        return ((List<Map<String, Object>>) listing.get("completions")).stream().map(entry -> (Object) entry.get("message_id"))
                .toList();
    }
}
