package io.flowgate.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.app.fixtures.FlakyCompletionPlugin;
import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/flows/{flowId}/send} through the real server against the fake Graph API: the interactive and
 * the template message, the input checks, each mapped Graph error (with the token revoked), the retries, and the
 * {@code context.id} fallback from the send to {@code onCompletion}.
 */
class FlowSendEndpointTest {

    private static final String ADMIN = TestServers.ADMIN_TOKEN;
    private static final String SECRET = "app-secret-for-tests";
    private static final String WA_ID = "447700900123";
    private static final String PHONE = "106540352242922";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    private FakeGraphApi graph;
    private FlowgateServer server;
    private WhatsAppClient whatsApp;
    private Path completions;

    @BeforeEach
    void start() throws Exception {
        graph = FakeGraphApi.start();
        completions = home.resolve("completions.txt");
        System.setProperty("flowgate.test.completions", completions.toString());
        System.setProperty("flowgate.test.flaky-switch", home.resolve("never-there").toString());
        TestJarsAccess.jar(home.resolve("plugins").resolve("flaky.jar"), FlakyCompletionPlugin.class.getName(),
                FlakyCompletionPlugin.class);
        Path config = Files.writeString(home.resolve("flows.yaml"), """
                flowgate:
                  flows:
                    booking:
                      meta-flow-id: "1234567890123"
                """);
        server = TestServers.start(home, Map.of("FLOWGATE_ADMIN_TOKEN", ADMIN, "FLOWGATE_APP_SECRET", SECRET,
                "FLOWGATE_META_GRAPH_URL", graph.url(), "FLOWGATE_META_ACCESS_TOKEN", FakeGraphApi.ACCESS_TOKEN,
                "FLOWGATE_META_PHONE_NUMBER_ID", PHONE, "FLOWGATE_META_RETRY_FIRST_DELAY", "PT0.01S"), config);
        whatsApp = new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem"))).signingWith(SECRET);
    }

    @AfterEach
    void stop() {
        server.close();
        assertThat(graph.violations()).as("requests of the documented shape only").isEmpty();
        graph.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInteractiveMessageWithoutAScreenOpensWithDataExchangeAndCarriesAFreshToken() throws Exception {
        var answer = send("booking", """
                {"to": "447700900123", "body": "Book your visit", "cta": "Book now", "header": "Clinic",
                 "footer": "Reply STOP to opt out", "context": {"campaign": "winter"}, "ttl": "PT1H"}""");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        Map<String, Object> sent = json(answer.body());
        assertThat(sent).containsOnlyKeys("flow_token", "message_id", "expires_at").containsEntry("message_id", "wamid.FAKE1");
        var request = graph.received("POST", "/" + PHONE + "/messages").getFirst();
        assertThat(request.path()).isEqualTo("/v23.0/" + PHONE + "/messages");
        Map<String, Object> body = request.json();
        assertThat(body).containsEntry("to", WA_ID).containsEntry("type", "interactive");
        var interactive = (Map<String, Object>) body.get("interactive");
        assertThat(interactive).containsEntry("header", Map.of("type", "text", "text", "Clinic"))
                .containsEntry("body", Map.of("text", "Book your visit"))
                .containsEntry("footer", Map.of("text", "Reply STOP to opt out"));
        assertThat((Map<String, Object>) ((Map<String, Object>) interactive.get("action")).get("parameters"))
                .containsEntry("flow_message_version", "3").containsEntry("flow_token", sent.get("flow_token"))
                .containsEntry("flow_id", "1234567890123").containsEntry("flow_cta", "Book now")
                .containsEntry("mode", "published").containsEntry("flow_action", "data_exchange")
                .doesNotContainKey("flow_action_payload");

        var init = whatsApp.send("booking", payload("INIT", "", Map.of(), (String) sent.get("flow_token")));
        assertThat(init.status()).isEqualTo(200);
        assertThat(init.data()).containsEntry("campaign", "winter");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aScreenMakesItNavigateWithThePayloadAndTheRequestsMetaFlowIdWins() throws Exception {
        var answer = send("booking", """
                {"to": "+447700900123", "body": "Confirm", "cta": "Open", "meta_flow_id": "999888777666",
                 "mode": "draft", "screen": "CONFIRM", "data": {"answer": "yes"}}""");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        Map<String, Object> body = graph.received("POST", "/messages").getFirst().json();
        var parameters = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) body.get("interactive"))
                .get("action")).get("parameters");
        assertThat(body).containsEntry("to", WA_ID);
        assertThat(parameters).containsEntry("flow_id", "999888777666").containsEntry("mode", "draft")
                .containsEntry("flow_action", "navigate")
                .containsEntry("flow_action_payload", Map.of("screen", "CONFIRM", "data", Map.of("answer", "yes")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTemplateCarriesTheTokenInItsFlowButton() throws Exception {
        var answer = send("booking", """
                {"to": "447700900123", "template": {"name": "book_visit", "language": "en_US",
                 "components": [{"type": "body", "parameters": [{"type": "text", "text": "Zoë"}]}]}}""");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        String token = (String) json(answer.body()).get("flow_token");
        Map<String, Object> body = graph.received("POST", "/messages").getFirst().json();
        assertThat(body).containsEntry("type", "template");
        var template = (Map<String, Object>) body.get("template");
        assertThat(template).containsEntry("name", "book_visit").containsEntry("language", Map.of("code", "en_US"));
        assertThat((List<Object>) template.get("components")).containsExactly(
                Map.of("type", "body", "parameters", List.of(Map.of("type", "text", "text", "Zoë"))),
                Map.of("type", "button", "sub_type", "flow", "index", "0",
                        "parameters", List.of(Map.of("type", "action", "action", Map.of("flow_token", token)))));
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSentNamingTheField() throws Exception {
        assertRefused(send("booking", "{\"to\": \"not-digits\", \"body\": \"b\", \"cta\": \"c\"}"), 400, "\"to\"");
        assertRefused(send("booking", "{\"to\": \"447700900123\", \"body\": \"b\", \"cta\": \"" + "x".repeat(31) + "\"}"),
                400, "\"cta\" must be the button's text, 1 to 30 characters");
        assertRefused(send("booking", "{\"to\": \"447700900123\", \"body\": \"" + "x".repeat(1025) + "\", \"cta\": \"c\"}"),
                400, "\"body\" must be the message text, 1 to 1024 characters");
        assertRefused(send("booking", "{\"to\": \"447700900123\", \"cta\": \"c\"}"), 400, "\"body\"");
        assertRefused(send("flaky", "{\"to\": \"447700900123\", \"body\": \"b\", \"cta\": \"c\"}"), 400,
                "pass \"meta_flow_id\" or set flowgate.flows.flaky.meta-flow-id");
        assertRefused(send("booking", "{\"to\": \"447700900123\", \"body\": \"b\", \"cta\": \"c\", \"mode\": \"live\"}"),
                400, "\"mode\"");
        assertRefused(send("booking", "{\"to\": \"447700900123\", \"body\": \"b\", \"cta\": \"c\", \"data\": {\"a\": 1}}"),
                400, "\"data\" needs \"screen\"");
        assertRefused(send("booking", "{\"to\": \"447700900123\", \"template\": {\"name\": \"t\"}}"), 400,
                "\"template.language\"");
        assertRefused(send("nope", "{\"to\": \"447700900123\", \"body\": \"b\", \"cta\": \"c\", \"meta_flow_id\": \"1\"}"),
                404, "no plugin serves flow");
        assertThat(send("booking", "{}", "wrong-admin-token-0123456789").statusCode()).isEqualTo(401);
        assertThat(graph.received("POST", "/messages")).as("nothing reached Meta").isEmpty();
    }

    @Test
    void eachGraphErrorIsAnsweredWithWhatToDoAndMetasCodeAndTheTokenIsRevoked() throws Exception {
        record Case(int httpStatus, long code, int answered, String advice) {
        }
        for (var c : List.of(new Case(401, 190, 502, "Meta refused the access token"),
                new Case(400, 100, 400, "Meta refused a parameter"),
                new Case(400, 131047, 409, "send an approved template with a flow button instead"),
                new Case(400, 132068, 409, "Meta has blocked this flow"),
                new Case(400, 132069, 429, "10 new flow messages per hour"))) {
            graph.failNextSends(new FakeGraphApi.Failure(c.httpStatus(), c.code(), "Meta says " + c.code()));
            int before = graph.received("POST", "/messages").size();

            var answer = send("booking", "{\"to\": \"447700900123\", \"body\": \"b\", \"cta\": \"c\"}");

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(c.answered());
            Map<String, Object> body = json(answer.body());
            assertThat((String) body.get("error")).contains(c.advice(), "Meta error " + c.code(),
                    "Meta says " + c.code(), "fbtrace_id AbCdEfFakeTrace" + c.code(), "has been revoked");
            assertThat(body).containsEntry("token_revoked", true);
            assertThat(body.get("meta_error")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("code", (int) c.code()).containsEntry("message", "Meta says " + c.code())
                    .containsEntry("fbtrace_id", "AbCdEfFakeTrace" + c.code());
            assertThat(graph.received("POST", "/messages").size() - before).as("4xx: never repeated").isEqualTo(1);
            assertThat(answer.body()).doesNotContain(FakeGraphApi.ACCESS_TOKEN);
            String token = tokenOfLastSend();
            assertThat(whatsApp.send("booking", payload("INIT", "", Map.of(), token)).status())
                    .as("the token of a message Meta did not take is dead").isEqualTo(427);
        }
    }

    @Test
    void a5xxOrA429IsRepeatedWithTheSameTokenAndThenSucceeds() throws Exception {
        graph.failNextSends(new FakeGraphApi.Failure(503, 2, "Service temporarily unavailable"),
                new FakeGraphApi.Failure(429, 130429, "Rate limit hit"));

        var answer = send("booking", "{\"to\": \"447700900123\", \"body\": \"b\", \"cta\": \"c\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        var attempts = graph.received("POST", "/messages");
        assertThat(attempts).hasSize(3);
        assertThat(attempts.stream().map(FlowSendEndpointTest::tokenOf).distinct()).as("one token for every attempt")
                .containsExactly((String) json(answer.body()).get("flow_token"));
    }

    @Test
    void retriesAreBoundedAndTheLastErrorIsAnswered() throws Exception {
        graph.failNextSends(new FakeGraphApi.Failure(500, 1, "An unknown error occurred"),
                new FakeGraphApi.Failure(500, 1, "An unknown error occurred"),
                new FakeGraphApi.Failure(500, 1, "An unknown error occurred"),
                new FakeGraphApi.Failure(500, 1, "never asked for"));

        var answer = send("booking", "{\"to\": \"447700900123\", \"body\": \"b\", \"cta\": \"c\"}");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(json(answer.body()).get("error").toString()).contains("after 3 attempts", "try again later");
        assertThat(graph.received("POST", "/messages")).hasSize(3);
    }

    @Test
    void aCompletionThatCarriesOnlyContextIdReachesOnCompletionThroughTheRecordedMessageId() throws Exception {
        var answer = send("flaky", "{\"to\": \"447700900123\", \"body\": \"b\", \"cta\": \"c\", \"meta_flow_id\": \"55\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        String messageId = (String) json(answer.body()).get("message_id");

        // As some iOS clients send it: no flow_token in response_json, only the flow message's id in context.id.
        String completion = WebhookDeliveries.completion("wamid.completion-1", WA_ID, null, messageId, "done");
        assertThat(WebhookDeliveries.post(server.port(), completion, WebhookDeliveries.signature(SECRET, completion))
                .statusCode()).isEqualTo(200);

        assertThat(WebhookDeliveries.awaitLines(completions, 1, Duration.ofSeconds(10))).containsExactly("wamid.completion-1");
    }

    @Test
    void withoutMetaConfiguredTheAnswerNamesTheSettingsAndNoTokenIsIssued() throws Exception {
        server.close();
        server = TestServers.start(home, Map.of("FLOWGATE_ADMIN_TOKEN", ADMIN, "FLOWGATE_APP_SECRET", SECRET));

        var answer = send("booking", "{\"to\": \"447700900123\", \"body\": \"b\", \"cta\": \"c\", \"meta_flow_id\": \"5\"}");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(json(answer.body())).containsEntry("token_revoked", false);
        assertThat(json(answer.body()).get("error").toString()).contains("flowgate.meta.access-token",
                "flowgate.meta.phone-number-id");
    }

    @Test
    void theSendCommandSendsThroughTheRunningServer() throws Exception {
        Path config = Files.writeString(home.resolve("cli.yaml"), "flowgate:\n  admin:\n    token: \"" + ADMIN + "\"\n");
        String server = "http://127.0.0.1:" + this.server.managementPort();

        var sent = MetaCommands.run(config, "send", "booking", "--to", WA_ID, "--body", "Book your visit", "--cta",
                "Book now", "--context", "{\"campaign\": \"cli\"}", "--server", server);
        var refused = MetaCommands.run(config, "send", "booking", "--to", WA_ID, "--body", "b", "--cta", "x".repeat(31),
                "--server", server);
        var template = MetaCommands.run(config, "send", "booking", "--to", WA_ID, "--template", "book_visit",
                "--language", "en_US", "--components", "[{\"type\": \"body\", \"parameters\": []}]", "--server", server);

        assertThat(sent.exit()).as(sent.all()).isZero();
        assertThat(json(sent.out().strip())).containsKeys("flow_token", "expires_at").containsEntry("message_id", "wamid.FAKE1");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("HTTP 400", "cta");
        assertThat(template.exit()).as(template.all()).isZero();
        assertThat(graph.received("POST", "/messages")).hasSize(2);
        assertThat(graph.received("POST", "/messages").getLast().json()).containsEntry("type", "template");
    }

    @Test
    void atStartTheKeyAtMetaIsCheckedInTheBackgroundAndAProblemIsAWarning() throws Exception {
        server.close();
        graph.key(PHONE, TestServers.resource("/keys/other-public.pem"), "VALID");
        try (var logs = CapturedLogs.of(StartupKeyCheck.class.getName())) {
            server = TestServers.start(home, Map.of("FLOWGATE_ADMIN_TOKEN", ADMIN, "FLOWGATE_APP_SECRET", SECRET,
                    "FLOWGATE_META_GRAPH_URL", graph.url(), "FLOWGATE_META_ACCESS_TOKEN", FakeGraphApi.ACCESS_TOKEN,
                    "FLOWGATE_META_PHONE_NUMBER_ID", PHONE));
            long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            // The server of the set-up ran its own check in the background against a fake with no key; on a loaded
            // machine its WARNING may land in this capture too, so wait for this server's line rather than the first.
            String expected = "Meta serves another key for phone number " + PHONE;
            while (logs.linesAtLeast(java.util.logging.Level.WARNING).stream().noneMatch(l -> l.contains(expected))
                    && System.nanoTime() < giveUp) {
                Thread.sleep(20);
            }
            assertThat(logs.linesAtLeast(java.util.logging.Level.WARNING)).filteredOn(l -> l.contains(expected))
                    .singleElement().asString().doesNotContain(FakeGraphApi.ACCESS_TOKEN);
            assertThat(logs.linesAtLeast(java.util.logging.Level.WARNING)).noneMatch(l -> l.contains(FakeGraphApi.ACCESS_TOKEN));
        }
    }

    private String tokenOfLastSend() {
        var sends = graph.received("POST", "/messages");
        return tokenOf(sends.getLast());
    }

    @SuppressWarnings("unchecked")
    private static String tokenOf(FakeGraphApi.Received request) {
        var interactive = (Map<String, Object>) request.json().get("interactive");
        return (String) ((Map<String, Object>) ((Map<String, Object>) interactive.get("action")).get("parameters"))
                .get("flow_token");
    }

    private HttpResponse<String> send(String flowId, String body) throws Exception {
        return send(flowId, body, ADMIN);
    }

    private HttpResponse<String> send(String flowId, String body, String adminToken) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort() + "/api/flows/"
                        + flowId + "/send")).header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> json(String body) throws Exception {
        return JSON.readValue(body, new TypeReference<>() {
        });
    }

    private static void assertRefused(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(message.replace("\"", "\\\""));
    }
}
