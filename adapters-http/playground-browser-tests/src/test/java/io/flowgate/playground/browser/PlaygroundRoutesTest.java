package io.flowgate.playground.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.testkit.server.FlowgateTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The playground's routes over plain HTTP: where they are, where they are not, and what bad input gets. */
class PlaygroundRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PlaygroundServer server;

    @BeforeAll
    static void start() {
        server = PlaygroundServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePlaygroundIsNeverOnThePublicListener() throws Exception {
        String publicBase = server.server().publicUri().toString();

        assertThat(get(publicBase + "/playground").statusCode()).isEqualTo(404);
        assertThat(get(publicBase + "/playground/api/flows").statusCode()).isEqualTo(404);
        assertThat(get(server.playground()).statusCode()).isEqualTo(200);
    }

    @Test
    void inProductionItIsOffUnlessSwitchedOn() throws Exception {
        try (var production = FlowgateTestServer.builder()
                .plugin(Path.of("target", "plugins", "flowgate-example-appointment.jar")).start()) {
            assertThat(get(production.managementUri() + "/playground").statusCode()).isEqualTo(404);
            assertThat(get(production.managementUri() + "/playground/api/flows").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theStartupLogPrintsThePlaygroundsUrl() {
        assertThat(server.logLines()).anySatisfy(line -> assertThat(line)
                .contains("playground on " + server.playground() + " ", "flowgate.playground.enabled is true"));
    }

    @Test
    void theFlowsAreListedWithTheirFlowJson() throws Exception {
        var response = get(server.playground() + "/api/flows");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
        List<Map<String, Object>> flows = (List<Map<String, Object>>) JSON.readValue(response.body(), Map.class).get("flows");
        assertThat(flows).extracting(flow -> flow.get("flow_id")).containsExactlyInAnyOrder("appointment", "id-document");
        assertThat(flows).allSatisfy(flow -> assertThat(flow).containsEntry("has_flow_json", true));
    }

    @Test
    void anAnswerThatBreaksTheFlowJsonGetsItsFindings() throws Exception {
        var response = post(server.playground() + "/api/flows/appointment/check", """
                {"action": "data_exchange", "screen": "APPOINTMENT", "flow_token": "t",
                 "answer": {"screen": "NO_SUCH_SCREEN", "data": {}}}""");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = JSON.readValue(response.body(), Map.class);
        assertThat(body).containsEntry("checked", true);
        assertThat((List<Map<String, Object>>) body.get("findings")).isNotEmpty()
                .anySatisfy(finding -> assertThat(finding).containsEntry("severity", "ERROR")
                        .containsEntry("path", "/screen"));
    }

    @Test
    void aCleanAnswerHasNoFindings() throws Exception {
        var response = post(server.playground() + "/api/flows/id-document/check", """
                {"action": "INIT", "answer": {"screen": "UPLOAD", "data": {}}}""");

        assertThat(JSON.readValue(response.body(), Map.class)).containsEntry("checked", true)
                .containsEntry("findings", List.of());
    }

    @Test
    void badInputIsAnsweredWithWhatToFix() throws Exception {
        var unknownAction = post(server.playground() + "/api/flows/appointment/check", """
                {"action": "navigate", "answer": {"screen": "APPOINTMENT", "data": {}}}""");
        assertThat(unknownAction.statusCode()).isEqualTo(400);
        assertThat(unknownAction.body()).contains("expected INIT, BACK or data_exchange");

        var notJson = post(server.playground() + "/api/flows/appointment/check", "not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("must be a JSON object");

        var unknownFlow = post(server.playground() + "/api/flows/nope/token", "{}");
        assertThat(unknownFlow.statusCode()).isEqualTo(404);
        assertThat(unknownFlow.body()).contains("GET /playground/api/flows lists the loaded flows");

        assertThat(get(server.playground() + "/nope").statusCode()).isEqualTo(404);
        assertThat(get(server.playground() + "/cdn/" + "0".repeat(32)).statusCode()).isEqualTo(404);
        assertThat(post(server.playground() + "/api/media", "").statusCode()).isEqualTo(400);
    }

    @Test
    void onlyThePagesOwnFilesAreServed() throws Exception {
        assertThat(get(server.playground() + "/web/app.js").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(get(server.playground() + "/web/renderer/index.js").statusCode()).isEqualTo(200);
        assertThat(get(server.playground() + "/web/%2E%2E/PlaygroundRoutes.class").statusCode()).isEqualTo(404);
        assertThat(get(server.playground() + "/web/..%2F..%2Fplayground%2FPlaygroundRoutes.class").statusCode()).isEqualTo(404);
        assertThat(get(server.playground() + "/web/.hidden.js").statusCode()).isEqualTo(404);
        assertThat(get(server.playground() + "/web/missing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void aTokenIsIssuedForThePlaygroundsUser() throws Exception {
        var response = post(server.playground() + "/api/flows/appointment/token", "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = JSON.readValue(response.body(), Map.class);
        assertThat((String) body.get("flow_token")).hasSizeGreaterThan(20);
        assertThat(body).containsEntry("wa_id", "15550100999").containsKey("expires_at");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
