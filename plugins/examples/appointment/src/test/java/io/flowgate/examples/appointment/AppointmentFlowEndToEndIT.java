package io.flowgate.examples.appointment;

import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;
import io.flowgate.testkit.WhatsAppClient.Reply;
import io.flowgate.testkit.server.FlowgateTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole exchange as WhatsApp drives it: the real server on a free loopback port, the example plugin
 * loaded from its packaged jar through its own class loader, every request encrypted by a client that
 * knows only the public key.
 */
class AppointmentFlowEndToEndIT {

    private static FlowgateTestServer server;
    private static AdminClient admin;
    private static WhatsAppClient whatsApp;

    @BeforeAll
    static void startServer() {
        // The embedded (SQLite) store rather than the test server's memory default: the example runs on a real database.
        server = FlowgateTestServer.builder().plugin(Path.of("target", "appointment.jar"))
                .setting("FLOWGATE_STORAGE_TYPE", "embedded").start();
        whatsApp = server.whatsApp();
        admin = server.admin();
    }

    /** A token as the business issues it before sending the flow message (strict mode, the default). */
    private static String issueToken() {
        return admin.issueToken("appointment", "447700900123", "PT1H", Map.of("campaign", "winter")).flowToken();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theExamplePluginIsLoadedFromItsJarInItsOwnClassLoader() {
        assertThat(server.server().plugins()).singleElement().satisfies(plugin -> {
            assertThat(plugin.flowId()).isEqualTo("appointment");
            assertThat(plugin.source().getFileName().toString()).isEqualTo("appointment.jar");
            assertThat(plugin.loader().getParent()).isSameAs(ClassLoader.getPlatformClassLoader());
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aUserBooksAnAppointmentFromInitToSuccessAndTheTokenDiesWithIt() {
        String token = issueToken();
        Reply init = whatsApp.send("appointment", payload("INIT", "", Map.of(), token));
        assertThat(init.status()).isEqualTo(200);
        assertThat(init.screen()).isEqualTo("APPOINTMENT");
        var dates = (List<Map<String, Object>>) init.data().get("dates");
        assertThat(init.data()).containsKeys("departments", "locations", "times");
        String date = (String) dates.getFirst().get("id");

        Reply unavailable = whatsApp.send("appointment", payload("data_exchange", "APPOINTMENT",
                Map.of("department", "cardiology", "location", "airport", "date", date, "time", "09:00"), token));
        assertThat(unavailable.screen()).isEqualTo("APPOINTMENT");
        assertThat(unavailable.data().get("error_message"))
                .isEqualTo("Cardiology is not available at Airport health point. Please choose another location.");

        Reply details = whatsApp.send("appointment", payload("data_exchange", "APPOINTMENT",
                Map.of("department", "cardiology", "location", "downtown", "date", date, "time", "10:30"), token));
        assertThat(details.screen()).isEqualTo("DETAILS");
        assertThat(details.data()).containsEntry("department", "cardiology").containsEntry("time", "10:30");

        Map<String, Object> answers = Map.of("department", "cardiology", "location", "downtown", "date", date,
                "time", "10:30", "name", "Zoë ✓", "email", "zoe@example.com", "phone", "+44 20 7946 0000");
        Reply summary = whatsApp.send("appointment", payload("data_exchange", "DETAILS", answers, token));
        assertThat(summary.screen()).isEqualTo("SUMMARY");
        assertThat((String) summary.data().get("details")).contains("Name: Zoë ✓");

        Reply success = whatsApp.send("appointment", payload("data_exchange", "SUMMARY", answers, token));
        assertThat(success.screen()).isEqualTo("SUCCESS");
        var params = (Map<String, Object>) ((Map<String, Object>) success.data().get("extension_message_response"))
                .get("params");
        assertThat(params).containsEntry("flow_token", token).containsEntry("name", "Zoë ✓")
                .containsEntry("department", "cardiology").containsEntry("date", date);

        Reply afterwards = whatsApp.send("appointment", payload("INIT", "", Map.of(), token));
        assertThat(afterwards.status()).isEqualTo(427);
        assertThat(afterwards.json()).isEqualTo(Map.of("error_msg",
                "This form is no longer available. Please ask us for a new one."));
    }

    @Test
    void aTokenNobodyIssuedGets427WithAnEncryptedMessage() {
        Reply reply = whatsApp.send("appointment", payload("INIT", "", Map.of(), "made-up-token"));

        assertThat(reply.status()).isEqualTo(427);
        assertThat(reply.json()).containsKey("error_msg");
    }

    @Test
    void theAdminApiRefusesAWrongBearerToken() {
        var stranger = new AdminClient(server.managementUri(), "guess");

        assertThat(stranger.issueToken("appointment", "447700900123", null, null).status()).isEqualTo(401);
        assertThat(admin.issueToken("no-such-flow", "447700900123", null, null).status()).isEqualTo(404);
        assertThat(admin.issueToken("appointment", "not-a-number", null, null).body())
                .containsEntry("error", "\"wa_id\" must be the user's WhatsApp id: 5 to 20 digits");
        assertThat(admin.issueToken("appointment", "447700900123", "a while", null).status()).isEqualTo(400);
    }

    @Test
    void backFromDetailsShowsTheAppointmentScreenAgain() {
        String token = issueToken();
        Reply back = whatsApp.send("appointment", payload("BACK", "DETAILS", Map.of(), token));

        assertThat(back.screen()).isEqualTo("APPOINTMENT");
        assertThat(back.data()).containsKeys("departments", "dates");
    }

    @Test
    void aPingIsAnsweredByTheHostWithoutAToken() {
        Reply ping = whatsApp.send("appointment", payload("ping", null, null, null));

        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.json()).isEqualTo(Map.of("data", Map.of("status", "active")));
    }

    @Test
    void anErrorNotificationIsAcknowledgedNotRouted() {
        Reply ack = whatsApp.send("appointment", payload("data_exchange", "DETAILS",
                Map.of("error", "payload-schema-error", "error_message", "Screen data is invalid"), issueToken()));

        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.json()).isEqualTo(Map.of("data", Map.of("acknowledged", true)));
    }

    @Test
    void aRequestForAnotherKeyGets421() throws Exception {
        var stranger = new WhatsAppClient(server.publicUri(),
                WhatsAppClient.publicKeyFromPem(resource("/keys/other-public.pem"))).signingWith(server.appSecret());

        Reply reply = stranger.send("appointment", payload("ping", null, null, null));

        assertThat(reply.status()).isEqualTo(421);
        assertThat(reply.body()).doesNotContain("Exception");
    }

    @Test
    void aTamperedTagGets421() {
        var sealed = whatsApp.seal(payload("ping", null, null, null));
        byte[] data = java.util.Base64.getDecoder().decode(sealed.encryptedFlowData());
        data[data.length - 1] ^= 0x01;

        Reply reply = whatsApp.post("appointment",
                sealed.bodyWith("encrypted_flow_data", java.util.Base64.getEncoder().encodeToString(data)), sealed);

        assertThat(reply.status()).isEqualTo(421);
    }

    @Test
    void badBase64Gets421() {
        var sealed = whatsApp.seal(payload("ping", null, null, null));

        Reply reply = whatsApp.post("appointment", sealed.bodyWith("initial_vector", "not*base64"), sealed);

        assertThat(reply.status()).isEqualTo(421);
    }

    @Test
    void aBodyThatIsNotTheEnvelopeGets400WithAReason() {
        Reply notJson = whatsApp.post("appointment", "hello", null);
        Reply missingField = whatsApp.post("appointment", "{\"encrypted_flow_data\":\"AAAA\"}", null);

        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body()).isEqualTo("the request body is not a JSON object (malformed JSON at byte 0)");
        assertThat(missingField.status()).isEqualTo(400);
        assertThat(missingField.body()).isEqualTo("the envelope has no \"encrypted_aes_key\"");
    }

    @Test
    void anUnknownFlowGets404() {
        Reply reply = whatsApp.send("no-such-flow", payload("ping", null, null, null));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo("No plugin serves flow no-such-flow.");
    }

    @Test
    void aDecryptedPayloadWithAnUnknownActionGets400() {
        Reply reply = whatsApp.send("appointment", payload("navigate", "APPOINTMENT", Map.of(), issueToken()));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("unknown action \"navigate\"");
    }

    @Test
    void theAnswerIsBareBase64TextNeverJson() throws Exception {
        var sealed = whatsApp.seal(payload("ping", null, null, null));
        var response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(server.publicUri().resolve("/flows/appointment"))
                        .header("X-Hub-Signature-256", WhatsAppClient.hubSignature(server.appSecret(), sealed.body()))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(sealed.body())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).matches("[A-Za-z0-9+/]+=*");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AppointmentFlowEndToEndIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
