package io.flowgate.app;

import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.ScriptedAnswerPlugin;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of answer the WhatsApp client rejects, sent through the real server: in enforce mode it is not
 * sent (500, an ERROR line with the finding's code and path); in warn mode it is sent (200, a WARNING line).
 */
class AnswerFindingsTest {

    private static final String SECRET_VALUE = "value-the-log-must-not-show";

    @TempDir
    Path home;
    private CapturedLogs logs;

    @BeforeEach
    void captureLogs() throws Exception {
        logs = CapturedLogs.of("io.flowgate.core.service");
        TestJarsAccess.jar(home.resolve("plugins/scripted.jar"), ScriptedAnswerPlugin.class.getName(),
                Map.of("flow.json", TestServers.resource("/flows/three-screens.json").getBytes(StandardCharsets.UTF_8)),
                ScriptedAnswerPlugin.class);
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    static Stream<Arguments> wrongAnswers() {
        var owner = Map.of("name", "Ada");
        return Stream.of(
                Arguments.of("an unknown screen", "INIT", "", "NOWHERE", Map.of(), "ERROR ROUTE_UNKNOWN_SCREEN at /screen"),
                Arguments.of("a screen that is not an entry, on INIT", "INIT", "", "MIDDLE",
                        Map.of("answer", SECRET_VALUE, "owner", owner), "ERROR ROUTE_INIT_NOT_ENTRY at /screen"),
                Arguments.of("two hops along the routing model", "data_exchange", "START", "LAST", Map.of(),
                        "ERROR ROUTE_NOT_ALLOWED at /screen"),
                Arguments.of("a declared key missing", "data_exchange", "START", "MIDDLE", Map.of("owner", owner),
                        "ERROR DATA_MISSING at /data/answer"),
                Arguments.of("a wrong type at the top level", "data_exchange", "START", "MIDDLE",
                        Map.of("answer", 5, "owner", owner), "ERROR DATA_TYPE at /data/answer"),
                Arguments.of("a wrong type inside an object", "data_exchange", "START", "MIDDLE",
                        Map.of("answer", SECRET_VALUE, "owner", Map.of("name", 5)), "ERROR DATA_TYPE at /data/owner/name"));
    }

    @ParameterizedTest(name = "enforce: {0}")
    @MethodSource("wrongAnswers")
    void inEnforceModeTheAnswerIsNotSent(String kind, String action, String from, String screen, Map<String, Object> data,
                                         String finding) throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_VALIDATION_MODE", "enforce", "FLOWGATE_TOKENS_MODE", "open"))) {
            var reply = client(server).send("scripted", payload(action, from,
                    Map.of("next_screen", screen, "next_data", data), "token-" + kind.hashCode()));

            assertThat(reply.status()).as(kind).isEqualTo(500);
        }
        assertThat(logs.messagesOf("io.flowgate.core.service.FlowEndpointService", Level.SEVERE)).as(kind)
                .anySatisfy(line -> assertThat(line).contains(finding).contains("not sent: flowgate.validation.mode is enforce")
                        .doesNotContain(SECRET_VALUE));
    }

    @ParameterizedTest(name = "warn: {0}")
    @MethodSource("wrongAnswers")
    void inWarnModeTheAnswerIsSentWithAWarning(String kind, String action, String from, String screen,
                                               Map<String, Object> data, String finding) throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_VALIDATION_MODE", "warn", "FLOWGATE_TOKENS_MODE", "open"))) {
            var reply = client(server).send("scripted", payload(action, from,
                    Map.of("next_screen", screen, "next_data", data), "token-" + kind.hashCode()));

            assertThat(reply.status()).as(kind).isEqualTo(200);
            assertThat(reply.screen()).isEqualTo(screen);
        }
        assertThat(logs.messagesOf("io.flowgate.core.service.AnswerValidation", Level.WARNING)).as(kind)
                .singleElement().satisfies(line -> assertThat(line).contains(finding)
                        .contains("sent anyway: flowgate.validation.mode is warn").doesNotContain(SECRET_VALUE));
    }

    private static WhatsAppClient client(FlowgateServer server) throws Exception {
        return new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));
    }
}
