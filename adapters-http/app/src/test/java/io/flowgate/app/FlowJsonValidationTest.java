package io.flowgate.app;

import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.BookingPlugin;
import io.flowgate.plugins.loader.fixtures.RoutedBookingPlugin;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A plugin's flow.json, compiled at startup, and every answer checked against it in each mode. */
class FlowJsonValidationTest {

    @TempDir
    Path home;

    private CapturedLogs logs;

    @BeforeEach
    void captureLogs() {
        logs = CapturedLogs.of("io.flowgate.core.service");
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    @Test
    void anAnswerThatMatchesItsFlowJsonIsSentAndSaved() throws Exception {
        plugin(flowJson("string", "\"yes\""));
        try (var server = TestServers.start(home, Map.of("FLOWGATE_VALIDATION_MODE", "enforce", "FLOWGATE_TOKENS_MODE", "open"))) {
            var client = client(server);

            assertThat(client.send("booking", payload("INIT", "", Map.of(), "t1")).screen()).isEqualTo("FORM");
            var confirm = client.send("booking", payload("data_exchange", "FORM", Map.of("answer", "yes"), "t1"));

            assertThat(confirm.status()).isEqualTo(200);
            assertThat(confirm.screen()).isEqualTo("CONFIRM");
            assertThat(logged()).isEmpty();
        }
    }

    @Test
    void inEnforceModeAWrongTypeIsNotSentNorSavedAndTheErrorNamesCodeAndPathButNoValue() throws Exception {
        plugin(flowJson("number", "1"));
        try (var server = TestServers.start(home, Map.of("FLOWGATE_VALIDATION_MODE", "enforce", "FLOWGATE_TOKENS_MODE", "open"))) {
            var client = client(server);
            client.send("booking", payload("INIT", "", Map.of(), "t2"));

            var rejected = client.send("booking", payload("data_exchange", "FORM", Map.of("answer", "secret-value"), "t2"));

            assertThat(rejected.status()).isEqualTo(500);
            // Not saved either: the completion carries what the session kept, and it kept nothing.
            var completed = client.send("booking", payload("data_exchange", "CONFIRM", Map.of(), "t2"));
            assertThat(completed.screen()).isEqualTo("SUCCESS");
            assertThat(completed.data()).extracting("extension_message_response").extracting("params")
                    .extracting("answer").isEqualTo("");
        }
        assertThat(endpointErrors()).anySatisfy(line -> assertThat(line)
                .contains("flow booking: the answer to data_exchange from screen \"FORM\" to \"CONFIRM\" breaks the Flow JSON")
                .contains("ERROR DATA_TYPE at /data/answer")
                .contains("/data/answer")
                .contains("not sent: flowgate.validation.mode is enforce")
                .doesNotContain("secret-value"));
    }

    @Test
    void inWarnModeTheSameAnswerIsSentWithOneWarningLine() throws Exception {
        plugin(flowJson("number", "1"));
        try (var server = TestServers.start(home, Map.of("FLOWGATE_VALIDATION_MODE", "warn", "FLOWGATE_TOKENS_MODE", "open"))) {
            var client = client(server);
            client.send("booking", payload("INIT", "", Map.of(), "t3"));

            var sent = client.send("booking", payload("data_exchange", "FORM", Map.of("answer", "secret-value"), "t3"));

            assertThat(sent.status()).isEqualTo(200);
            assertThat(sent.screen()).isEqualTo("CONFIRM");
            assertThat(logged()).singleElement().satisfies(line -> assertThat(line)
                    .contains("ERROR DATA_TYPE at /data/answer").contains("/data/answer")
                    .contains("sent anyway: flowgate.validation.mode is warn").doesNotContain("secret-value"));
        }
    }

    @Test
    void whenTheClientThenReportsAnErrorTheLogNamesWhatWasWrongWithThatSessionsLastAnswer() throws Exception {
        plugin(flowJson("number", "1"));
        try (var server = TestServers.start(home, Map.of("FLOWGATE_VALIDATION_MODE", "warn", "FLOWGATE_TOKENS_MODE", "open"))) {
            var client = client(server);
            client.send("booking", payload("INIT", "", Map.of(), "t6"));
            client.send("booking", payload("data_exchange", "FORM", Map.of("answer", "secret-value"), "t6"));

            var ack = client.send("booking", payload("data_exchange", "CONFIRM",
                    Map.of("error", "payload-schema-error", "error_message", "answer should be a number"), "t6"));

            assertThat(ack.status()).isEqualTo(200);
        }
        assertThat(logs.messagesOf("io.flowgate.core.service.FlowRequestService", java.util.logging.Level.WARNING))
                .anySatisfy(line -> assertThat(line)
                        .contains("the WhatsApp client rejected a response on screen CONFIRM: payload-schema-error")
                        .contains("the session's last answer broke the Flow JSON: the answer to data_exchange from"
                                + " screen \"FORM\" to \"CONFIRM\": ERROR DATA_TYPE at /data/answer")
                        .doesNotContain("secret-value"));
    }

    @Test
    void aPerFlowModeOverridesTheGlobalOne() throws Exception {
        plugin(flowJson("number", "1"));
        Path config = Files.writeString(home.resolve("flowgate.yaml"), """
                flowgate:
                  flows:
                    booking:
                      validation:
                        mode: "off"
                """);
        var settings = SettingsReader.read(java.util.Optional.of(config), Map.of("FLOWGATE_VALIDATION_MODE", "enforce"));

        assertThat(settings.flowJson().modeOf("booking")).isEqualTo("off");
        assertThat(settings.flowJson().modeOf("other")).isEqualTo("enforce");
    }

    @Test
    void theDefaultModeIsEnforceInDevelopmentAndWarnInProduction() {
        assertThat(SettingsReader.read(java.util.Optional.empty(), Map.of()).flowJson().mode()).isEqualTo("enforce");
        assertThat(SettingsReader.read(java.util.Optional.empty(), Map.of("FLOWGATE_KEYS_PRIVATE_KEY", "/k.pem"))
                .flowJson().mode()).isEqualTo("warn");
    }

    @Test
    void aBrokenFlowJsonStopsStartupNamingTheJarThePointerAndTheFix() throws Exception {
        plugin(flowJson("string", "\"yes\"").replace("\"routing_model\": { \"FORM\": [\"CONFIRM\"]",
                "\"routing_model\": { \"FORM\": [\"CONFIRMED\"]"));

        assertThatThrownBy(() -> TestServers.start(home, Map.of()))
                .isInstanceOf(FlowgateServer.StartupException.class)
                .hasMessageContaining("booking.jar!/flow.json (flow \"booking\") is not a Flow JSON the WhatsApp client can run")
                .hasMessageContaining("/routing_model/FORM/0")
                .hasMessageContaining("CONFIRMED");
    }

    @Test
    void aFlowJsonThatIsNotJsonStopsStartupToo() throws Exception {
        plugin("{\"version\": ");

        assertThatThrownBy(() -> TestServers.start(home, Map.of()))
                .isInstanceOf(FlowgateServer.StartupException.class)
                .hasMessageContaining("booking.jar!/flow.json is not valid JSON");
    }

    @Test
    void aFlowJsonFileNamedInTheSettingsReplacesTheJarsOwn() throws Exception {
        plugin(flowJson("number", "1"));
        Path outside = Files.writeString(home.resolve("booking-flow.json"), flowJson("string", "\"yes\""));
        Path config = Files.writeString(home.resolve("flowgate.yaml"), """
                flowgate:
                  flows:
                    booking:
                      flow-json: "%s"
                """.formatted(outside));
        var environment = new java.util.HashMap<>(Map.of("FLOWGATE_VALIDATION_MODE", "enforce", "FLOWGATE_TOKENS_MODE", "open"));
        try (var server = TestServers.start(home, environment, config)) {
            var client = client(server);
            client.send("booking", payload("INIT", "", Map.of(), "t4"));

            assertThat(client.send("booking", payload("data_exchange", "FORM", Map.of("answer", "yes"), "t4")).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aRouterThatDoesNotMatchItsFlowJsonStopsStartupNamingBothSides() throws Exception {
        TestJarsAccess.jar(home.resolve("plugins/booking.jar"), RoutedBookingPlugin.class.getName(),
                Map.of("flow.json", flowJson("string", "\"yes\"").getBytes(StandardCharsets.UTF_8)),
                RoutedBookingPlugin.class);

        assertThatThrownBy(() -> TestServers.start(home, Map.of()))
                .isInstanceOf(FlowgateServer.StartupException.class)
                .hasMessageContaining("(flow \"booking\"): the plugin's FlowRouter does not match its Flow JSON")
                .hasMessageContaining("onSubmit(\"CONFIRMED\") names a screen")
                .hasMessageContaining("(its screens: FORM, CONFIRM)")
                .hasMessageContaining("screen CONFIRM sends data_exchange, but the router has no onSubmit(\"CONFIRM\", ...)");
    }

    private void plugin(String flowJson) throws Exception {
        TestJarsAccess.jar(home.resolve("plugins/booking.jar"), BookingPlugin.class.getName(),
                Map.of("flow.json", flowJson.getBytes(StandardCharsets.UTF_8)), BookingPlugin.class);
    }

    private static String flowJson(String answerType, String answerExample) throws Exception {
        return TestServers.resource("/flows/booking.json").replace("ANSWER_TYPE", answerType)
                .replace("ANSWER_EXAMPLE", answerExample);
    }

    private static WhatsAppClient client(FlowgateServer server) throws Exception {
        return new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));
    }

    /** What the answer check logged (it logs only problems). */
    private List<String> logged() {
        return logs.messagesOf("io.flowgate.core.service.AnswerValidation", java.util.logging.Level.ALL);
    }

    private List<String> endpointErrors() {
        return logs.messagesOf("io.flowgate.core.service.FlowEndpointService", java.util.logging.Level.SEVERE);
    }
}
