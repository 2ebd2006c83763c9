package io.flowgate.app;

import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.BookingPlugin;
import io.flowgate.storage.testing.TestPostgres;
import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on different ports sharing one PostgreSQL, as behind a load balancer without sticky
 * sessions: one session, one completion, consistent data whichever instance each request reaches.
 */
class TwoInstancesTest {

    private static final String SECRET = "app-secret-for-tests";
    private static final String WA_ID = "447700900123";

    @TempDir
    Path home;

    @Test
    void aFlowThatHopsBetweenInstancesHasOneSessionAndOneCompletion() throws Exception {
        TestPostgres.assumeAvailable();
        Map<String, String> database = TestPostgres.freshSchemaSettings();
        Path completions = home.resolve("completions.txt");
        System.setProperty("flowgate.test.completions", completions.toString());
        Path plugins = home.resolve("plugins");
        TestJarsAccess.jar(plugins.resolve("booking.jar"), BookingPlugin.class.getName(), BookingPlugin.class);
        Path key = Files.writeString(home.resolve("private.pem"), resource("/keys/private-pkcs8.pem"));

        try (var a = FlowgateServer.start(settings(plugins, key, database, "a"));
             var b = FlowgateServer.start(settings(plugins, key, database, "b"))) {
            var onA = client(a);
            var onB = client(b);
            String token = new AdminClient(URI.create("http://127.0.0.1:" + a.managementPort()), TestServers.ADMIN_TOKEN)
                    .issueToken("booking", WA_ID, "PT1H", Map.of("campaign", "spring")).flowToken();

            var init = onA.send("booking", payload("INIT", "", Map.of(), token));
            var form = onB.send("booking", payload("data_exchange", "FORM", Map.of("answer", "from B"), token));
            var success = onA.send("booking", payload("data_exchange", "CONFIRM", Map.of(), token));

            assertThat(init.data()).containsEntry("campaign", "spring");
            assertThat(form.screen()).isEqualTo("CONFIRM");
            assertThat(success.screen()).isEqualTo("SUCCESS");
            assertThat(success.data().toString()).contains("answer=from B");

            String body = WebhookDeliveries.completion("wamid.multi", WA_ID, token, "wamid.flow", "from B");
            String signature = WebhookDeliveries.signature(SECRET, body);
            assertThat(WebhookDeliveries.post(a.port(), body, signature).statusCode()).isEqualTo(200);
            assertThat(WebhookDeliveries.post(a.port(), body, signature).statusCode()).isEqualTo(200);
            assertThat(WebhookDeliveries.post(b.port(), body, signature).statusCode()).isEqualTo(200);

            // Both instances run delivery rounds; delivered with one attempt means exactly one of them claimed it.
            assertThat(WebhookDeliveries.awaitState(b.managementPort(), "wamid.multi", "delivered", TestServers.ADMIN_TOKEN, Duration.ofSeconds(10)))
                    .containsEntry("attempts", 1).containsEntry("flow", "booking");
            assertThat(Files.readAllLines(completions)).containsExactly("wamid.multi " + token + " " + WA_ID + " from B from B");

            assertThat(onB.send("booking", payload("INIT", "", Map.of(), token)).status()).isEqualTo(427);
            assertThat(onA.send("booking", payload("INIT", "", Map.of(), token)).status()).isEqualTo(427);
        }
    }

    private FlowgateSettings settings(Path plugins, Path key, Map<String, String> database, String name) {
        var environment = new HashMap<>(Map.of("SERVER_HOST", "127.0.0.1", "SERVER_PORT", "0", "FLOWGATE_MANAGEMENT_PORT", "0",
                "FLOWGATE_PLUGINS_DIR", plugins.toString(), "FLOWGATE_DATA_DIR", home.resolve("data-" + name).toString(),
                "FLOWGATE_KEYS_PRIVATE_KEY", key.toString(), "FLOWGATE_STORAGE_TYPE", "postgres",
                "FLOWGATE_ADMIN_TOKEN", TestServers.ADMIN_TOKEN, "FLOWGATE_APP_SECRET", SECRET));
        environment.put("FLOWGATE_STORAGE_POSTGRES_URL", database.get("url"));
        environment.put("FLOWGATE_STORAGE_POSTGRES_USER", database.get("user"));
        environment.put("FLOWGATE_STORAGE_POSTGRES_PASSWORD", database.get("password"));
        return SettingsReader.read(Optional.empty(), environment);
    }

    private static WhatsAppClient client(FlowgateServer server) throws Exception {
        return new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                WhatsAppClient.publicKeyFromPem(resource("/keys/public.pem"))).signingWith(SECRET);
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = TwoInstancesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
