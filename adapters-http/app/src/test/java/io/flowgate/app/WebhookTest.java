package io.flowgate.app;

import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.BookingPlugin;
import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** The messages webhook on one real server: handshake, signatures, storage before 200, exactly-once delivery. */
class WebhookTest {

    private static final String SECRET = "app-secret-for-tests";
    private static final String WA_ID = "447700900123";

    @TempDir
    Path home;
    private FlowgateServer server;
    private Path completions;
    private AdminClient admin;
    private WhatsAppClient whatsApp;

    @BeforeEach
    void start() throws Exception {
        completions = home.resolve("completions.txt");
        System.setProperty("flowgate.test.completions", completions.toString());
        Path plugins = home.resolve("plugins");
        TestJarsAccess.jar(plugins.resolve("booking.jar"), BookingPlugin.class.getName(), BookingPlugin.class);
        Path key = Files.writeString(home.resolve("private.pem"), resource("/keys/private-pkcs8.pem"));
        var environment = new HashMap<>(Map.of("SERVER_HOST", "127.0.0.1", "SERVER_PORT", "0", "FLOWGATE_MANAGEMENT_PORT", "0",
                "FLOWGATE_PLUGINS_DIR", plugins.toString(), "FLOWGATE_DATA_DIR", home.resolve("data").toString(),
                "FLOWGATE_KEYS_PRIVATE_KEY", key.toString(), "FLOWGATE_STORAGE_TYPE", "memory",
                "FLOWGATE_ADMIN_TOKEN", TestServers.ADMIN_TOKEN, "FLOWGATE_APP_SECRET", SECRET,
                "FLOWGATE_WEBHOOK_VERIFY_TOKEN", "verify-me"));
        server = FlowgateServer.start(SettingsReader.read(Optional.empty(), environment));
        URI base = URI.create("http://127.0.0.1:" + server.port());
        admin = new AdminClient(URI.create("http://127.0.0.1:" + server.managementPort()), TestServers.ADMIN_TOKEN);
        whatsApp = new WhatsAppClient(base, WhatsAppClient.publicKeyFromPem(resource("/keys/public.pem")))
                .signingWith(SECRET);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theVerificationHandshakeEchoesTheChallengeOnlyForTheRightToken() throws Exception {
        var good = WebhookDeliveries.get(server.port(), "hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444");
        var wrong = WebhookDeliveries.get(server.port(), "hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");
        var noMode = WebhookDeliveries.get(server.port(), "hub.verify_token=verify-me&hub.challenge=1");

        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(good.body()).isEqualTo("1158201444");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(noMode.statusCode()).isEqualTo(403);
    }

    @Test
    void deliveriesWithoutAValidSignatureAreRefusedAndNothingIsStored() throws Exception {
        String token = admin.issueToken("booking", WA_ID, null, null).flowToken();
        String body = WebhookDeliveries.completion("wamid.1", WA_ID, token, "wamid.flow", "yes");

        assertThat(WebhookDeliveries.post(server.port(), body, null).statusCode()).isEqualTo(403);
        assertThat(WebhookDeliveries.post(server.port(), body, WebhookDeliveries.signature("other", body)).statusCode())
                .isEqualTo(403);
        assertThat(WebhookDeliveries.post(server.port(), body + " ", WebhookDeliveries.signature(SECRET, body))
                .statusCode()).as("signature over other bytes").isEqualTo(403);
        // Refused before anything is stored, so the inbox is empty in every state (no waiting needed).
        for (String state : List.of("pending", "delivered", "failed")) {
            assertThat(WebhookDeliveries.listing(server.managementPort(), "state=" + state, TestServers.ADMIN_TOKEN).get("completions"))
                    .as(state).asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
        }
    }

    @Test
    void aCompletionReachesThePluginOnceHoweverOftenMetaDeliversIt() throws Exception {
        String token = admin.issueToken("booking", WA_ID, null, Map.of("campaign", "winter")).flowToken();
        whatsApp.send("booking", payload("INIT", "", Map.of(), token));
        whatsApp.send("booking", payload("data_exchange", "FORM", Map.of("answer", "yes"), token));
        var success = whatsApp.send("booking", payload("data_exchange", "CONFIRM", Map.of(), token));
        assertThat(success.screen()).isEqualTo("SUCCESS");

        String body = WebhookDeliveries.completion("wamid.done", WA_ID, token, "wamid.flow", "yes");
        String signature = WebhookDeliveries.signature(SECRET, body);
        var start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (var copies = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int copy = 0; copy < 50; copy++) {
                statuses.add(copies.submit(() -> {
                    start.await();
                    return WebhookDeliveries.post(server.port(), body, signature).statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        }

        // Delivered is final: once the inbox says so with one attempt, no round can hand it out again.
        Map<String, Object> stored = WebhookDeliveries.awaitState(server.managementPort(), "wamid.done", "delivered", TestServers.ADMIN_TOKEN,
                Duration.ofSeconds(10));
        assertThat(stored).containsEntry("attempts", 1).containsEntry("flow", "booking");
        assertThat(Files.readAllLines(completions)).containsExactly("wamid.done " + token + " " + WA_ID + " yes yes");
    }

    @Test
    void aNullInTheCompletionsResponseIsAnAbsentValueAndTheCompletionIsDelivered() throws Exception {
        String token = admin.issueToken("booking", WA_ID, null, null).flowToken();
        String body = WebhookDeliveries.completion("wamid.nulls", WA_ID, token, "wamid.flow", "yes")
                .replace("\\\"answer\\\":", "\\\"note\\\":null,\\\"answer\\\":");
        assertThat(body).contains("\\\"note\\\":null");

        WebhookDeliveries.post(server.port(), body, WebhookDeliveries.signature(SECRET, body));

        assertThat(WebhookDeliveries.awaitLines(completions, 1, Duration.ofSeconds(10)))
                .containsExactly("wamid.nulls " + token + " " + WA_ID + " yes null");
    }

    @Test
    void aCompletionWithoutItsTokenIsMatchedByTheFlowMessageId() throws Exception {
        String token = admin.issueToken("booking", WA_ID, null, null).flowToken();
        assertThat(admin.attachMessageId("booking", token, "wamid.flow-message").status()).isEqualTo(204);

        String body = WebhookDeliveries.completion("wamid.ios", WA_ID, null, "wamid.flow-message", "maybe");
        WebhookDeliveries.post(server.port(), body, WebhookDeliveries.signature(SECRET, body));

        assertThat(WebhookDeliveries.awaitLines(completions, 1, Duration.ofSeconds(10)))
                .containsExactly("wamid.ios " + token + " " + WA_ID + " maybe null");
        assertThat(whatsApp.send("booking", payload("INIT", "", Map.of(), token)).status())
                .as("the completion closed the session").isEqualTo(427);
    }

    @Test
    void aCompletionFromAnotherUserThanTheTokensIsNotDelivered() throws Exception {
        String token = admin.issueToken("booking", WA_ID, null, null).flowToken();

        String body = WebhookDeliveries.completion("wamid.spoof", "15559990000", token, "wamid.x", "yes");
        WebhookDeliveries.post(server.port(), body, WebhookDeliveries.signature(SECRET, body));

        // Handled (and so never tried again) without reaching the plugin.
        assertThat(WebhookDeliveries.awaitState(server.managementPort(), "wamid.spoof", "delivered", TestServers.ADMIN_TOKEN, Duration.ofSeconds(10)))
                .containsEntry("attempts", 1);
        assertThat(completions).doesNotExist();
    }

    @Test
    void otherWebhookContentIsAcceptedAndIgnored() throws Exception {
        String statuses = """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
                "statuses":[{"id":"wamid.s","status":"delivered","timestamp":"1","recipient_id":"447700900123"}]}},
                {"field":"flows","value":{"event":"ENDPOINT_LATENCY","flow_id":"1","p90_latency":8000}}]}]}
                """;

        var answer = WebhookDeliveries.post(server.port(), statuses, WebhookDeliveries.signature(SECRET, statuses));
        var notJson = WebhookDeliveries.post(server.port(), "nope", WebhookDeliveries.signature(SECRET, "nope"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = WebhookTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
