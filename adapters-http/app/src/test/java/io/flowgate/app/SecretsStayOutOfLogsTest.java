package io.flowgate.app;

import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
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
 * Runs a whole flow, the completion webhook and a round of bad input with every log record captured, then
 * looks for each secret of the run in the log text: keys, passphrase, app secret, admin token, the flow
 * token, the user's WhatsApp id and what the user typed.
 */
class SecretsStayOutOfLogsTest {

    private static final String SECRET = "app-secret-6e1f0c";
    private static final String ADMIN = "admin-token-9a7d2b-4c1e88";
    private static final String WA_ID = "447700911222";
    private static final String TYPED = "Zoë-typed-this-4242";

    @TempDir
    Path home;
    private final List<String> log = new ArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringWriter text = new StringWriter();
            text.append(formatter.formatMessage(record)).append('\n');
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            synchronized (log) {
                log.add(text.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Held strongly: JUL keeps loggers weakly, and a collected one would lose the level set here. */
    private final Logger ours = Logger.getLogger("io.flowgate");
    private Level oursBefore;

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
        Logger.getLogger("").setLevel(Level.ALL);
        // Another test of this JVM may have configured io.flowgate from logging.properties (INFO), which would
        // hide the DEBUG lines this test must see too.
        oursBefore = ours.getLevel();
        ours.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
        Logger.getLogger("").setLevel(Level.INFO);
        ours.setLevel(oursBefore);
    }

    @Test
    void noSecretOfAFullRunAppearsInTheLog() throws Exception {
        String passphrase = TestServers.resource("/keys/passphrase.txt").strip();
        Path key = Files.writeString(home.resolve("encrypted.pem"), TestServers.resource("/keys/private-pkcs1-des3.pem"));
        Path completions = home.resolve("completions.txt");
        System.setProperty("flowgate.test.completions", completions.toString());
        List<String> secrets = new ArrayList<>(List.of(SECRET, ADMIN, WA_ID, TYPED, passphrase));
        for (String line : TestServers.resource("/keys/private-pkcs8.pem").split("\n")) {
            if (!line.startsWith("-----")) {
                secrets.add(line.strip());
            }
        }

        try (var server = TestServers.start(home, Map.of("FLOWGATE_KEYS_PRIVATE_KEY", key.toString(),
                "FLOWGATE_KEYS_PASSPHRASE", passphrase, "FLOWGATE_APP_SECRET", SECRET, "FLOWGATE_ADMIN_TOKEN", ADMIN,
                "FLOWGATE_WEBHOOK_VERIFY_TOKEN", "verify-token-55"))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            var client = new WhatsAppClient(base, WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")))
                    .signingWith(SECRET);
            String token = new AdminClient(URI.create("http://127.0.0.1:" + server.managementPort()), ADMIN).issueToken("booking", WA_ID, null, Map.of("note", TYPED)).flowToken();
            secrets.add(token);
            new AdminClient(URI.create("http://127.0.0.1:" + server.managementPort()), "wrong").attachMessageId("booking", token, "wamid.x");

            var sealed = client.seal(payload("INIT", "", Map.of(), token));
            secrets.add(Base64.getEncoder().encodeToString(sealed.aesKey()));
            secrets.add(HexFormat.of().formatHex(sealed.aesKey()));
            secrets.add(sealed.initialVector());
            client.post("booking", sealed.body(), sealed);
            client.send("booking", payload("data_exchange", "FORM", Map.of("answer", TYPED), token));
            client.send("booking", payload("data_exchange", "CONFIRM", Map.of(), token));
            client.send("booking", payload("INIT", "", Map.of(), token));                    // 427 now
            client.send("booking", payload("navigate", TYPED, Map.of("x", TYPED), token));   // 400
            client.send("booking", payload(TYPED, "", Map.of(), token));                     // 400, unknown action
            client.post("booking", "{\"encrypted_flow_data\":\"" + TYPED + "\"}", null);      // 432 (unsigned)
            new WhatsAppClient(base, WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")))
                    .send("booking", payload("INIT", "", Map.of(), token));                       // 432
            String webhook = WebhookDeliveries.completion("wamid.logs", WA_ID, token, "wamid.flow", TYPED);
            WebhookDeliveries.post(server.port(), webhook, WhatsAppClient.hubSignature(SECRET, webhook));
            WebhookDeliveries.post(server.port(), webhook, "sha256=00");
            WebhookDeliveries.get(server.port(), "hub.mode=subscribe&hub.verify_token=" + TYPED + "&hub.challenge=1");
            assertThat(WebhookDeliveries.awaitLines(completions, 1, Duration.ofSeconds(10))).hasSize(1);
        }

        String text;
        synchronized (log) {
            text = String.join("", log);
        }
        assertThat(text).as("the run was logged").contains("status=200").contains("status=427").contains("status=432");
        for (String secret : secrets) {
            assertThat(text).as("a secret in the log").doesNotContain(secret);
        }
    }
}
