package io.flowgate.app;

import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.BookingPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code flows deploy|status} against the fake Graph API, with the booking fixture's flow.json. */
class FlowsCommandTest {

    @TempDir
    Path home;
    private FakeGraphApi graph;
    private Path config;
    private String flowJson;

    @BeforeEach
    void start() throws Exception {
        graph = FakeGraphApi.start();
        config = MetaCommands.config(home, graph, "");
        flowJson = TestServers.resource("/flows/booking.json").replace("ANSWER_TYPE", "string")
                .replace("ANSWER_EXAMPLE", "\"yes\"");
        TestJarsAccess.jar(home.resolve("plugins").resolve("booking.jar"), BookingPlugin.class.getName(),
                Map.of("flow.json", flowJson.getBytes(StandardCharsets.UTF_8)), BookingPlugin.class);
    }

    @AfterEach
    void stop() {
        assertThat(graph.violations()).as("requests of the documented shape only").isEmpty();
        graph.close();
    }

    @Test
    void deployCreatesTheFlowUploadsTheFlowJsonSetsTheEndpointAndPublishes() {
        var run = MetaCommands.run(config, "flows", "deploy", "booking", "--name", "Booking", "--category",
                "APPOINTMENT_BOOKING", "--endpoint-uri", "https://flows.example.com/flows/booking", "--publish");

        assertThat(run.exit()).as(run.all()).isZero();
        var created = graph.received("POST", "/102290129340398/flows").getFirst().json();
        assertThat(created).containsEntry("name", "Booking").containsEntry("categories", List.of("APPOINTMENT_BOOKING"));
        String id = run.out().replaceAll("(?s).*created Meta flow (\\d+).*", "$1");
        var flow = graph.flow(id);
        assertThat(new String(flow.flowJson, StandardCharsets.UTF_8)).isEqualTo(flowJson);
        assertThat(flow.endpointUri).isEqualTo("https://flows.example.com/flows/booking");
        assertThat(flow.status).isEqualTo("PUBLISHED");
        assertThat(run.out()).contains("set flowgate.flows.booking.meta-flow-id: " + id, "published")
                .doesNotContain(FakeGraphApi.ACCESS_TOKEN);
    }

    @Test
    void validationErrorsArePrintedWithTheJsonAroundThemAndNothingIsPublished() {
        graph.addFlow("4455667788", "Booking");
        graph.validationErrorsOnNextUpload(List.of(Map.of("error", "INVALID_PROPERTY_VALUE",
                "error_type", "FLOW_JSON_ERROR", "message", "Invalid value found for property 'type'.",
                "line_start", 13, "line_end", 13, "column_start", 31, "column_end", 41)));

        var run = MetaCommands.run(config, "flows", "deploy", "booking", "--meta-flow-id", "4455667788", "--publish");

        assertThat(run.exit()).isEqualTo(FlowsCommand.PROBLEM);
        String line13 = flowJson.split("\n")[12];
        assertThat(run.out()).contains("1 validation error(s) at Meta:",
                "INVALID_PROPERTY_VALUE (FLOW_JSON_ERROR) at line 13, column 31: Invalid value found for property 'type'.",
                "     13 | " + line13, "        | " + " ".repeat(30) + "^", "     12 | ", "     14 | ", "not published");
        assertThat(graph.received("POST", "/publish")).isEmpty();
        assertThat(graph.flow("4455667788").status).isEqualTo("DRAFT");
    }

    @Test
    void withoutAFlowIdOrANameDeploySaysWhatToGive() {
        var run = MetaCommands.run(config, "flows", "deploy", "booking");

        assertThat(run.exit()).isEqualTo(FlowsCommand.FAILED);
        assertThat(run.err()).contains("--name", "--meta-flow-id");
        assertThat(graph.received("POST", "/flows")).isEmpty();
    }

    @Test
    void aFlowIdFromTheSettingsIsUsedAndAnUnknownFlowIsNamed() throws Exception {
        graph.addFlow("4455667788", "Booking");
        Path configured = MetaCommands.config(home.resolve("other"), graph,
                "  flows:\n    booking:\n      meta-flow-id: \"4455667788\"\n");
        java.nio.file.Files.copy(home.resolve("plugins").resolve("booking.jar"),
                home.resolve("other").resolve("plugins").resolve("booking.jar"));

        assertThat(MetaCommands.run(configured, "flows", "deploy", "booking").exit()).isZero();
        assertThat(graph.flow("4455667788").flowJson).isNotNull();

        var unknown = MetaCommands.run(configured, "flows", "deploy", "nope", "--meta-flow-id", "4455667788");
        assertThat(unknown.exit()).isEqualTo(FlowsCommand.FAILED);
        assertThat(unknown.err()).contains("no plugin", "serves flow \"nope\"", "[booking]");
    }

    @Test
    void statusReportsMetasStateHealthAndWhetherItsFlowJsonIsThePlugins() {
        var flow = graph.addFlow("4455667788", "Booking");
        flow.flowJson = flowJson.replace("\n", "").getBytes(StandardCharsets.UTF_8); // re-indented by Meta: same JSON
        flow.status = "PUBLISHED";

        var same = MetaCommands.run(config, "flows", "status", "booking", "--meta-flow-id", "4455667788");
        assertThat(same.exit()).as(same.all()).isZero();
        assertThat(same.out()).contains("Meta flow 4455667788 (\"Booking\"): PUBLISHED", "validation errors: none",
                "can send messages: AVAILABLE", "Flow JSON: Meta's is the one the plugin carries");
        assertThat(graph.received("GET", "/download/4455667788").getFirst().authorization())
                .as("the access token goes to the Graph API only").isNull();

        flow.flowJson = flowJson.replace("Your answer", "Changed in the Builder").getBytes(StandardCharsets.UTF_8);
        flow.health = Map.of("can_send_message", "BLOCKED", "entities", List.of(
                Map.of("entity_type", "FLOW", "id", "4455667788", "can_send_message", "BLOCKED",
                        "errors", List.of(Map.of("error_code", 139001, "error_description",
                                "The endpoint is unavailable", "possible_solution", "Check the endpoint"))),
                Map.of("entity_type", "WABA", "id", "102290129340398", "can_send_message", "AVAILABLE")));
        var drifted = MetaCommands.run(config, "flows", "status", "booking", "--meta-flow-id", "4455667788");
        assertThat(drifted.exit()).isEqualTo(FlowsCommand.PROBLEM);
        assertThat(drifted.out()).contains("can send messages: BLOCKED",
                "  FLOW 4455667788: BLOCKED - 139001: The endpoint is unavailable (Check the endpoint)",
                "Flow JSON: DRIFT").doesNotContain("WABA 102290129340398");

        flow.flowJson = null;
        var none = MetaCommands.run(config, "flows", "status", "booking", "--meta-flow-id", "4455667788");
        assertThat(none.out()).contains("Flow JSON: Meta holds none");
        assertThat(none.exit()).isEqualTo(FlowsCommand.PROBLEM);
    }

    @Test
    void statusWithoutAFlowIdSaysWhereToSetIt() {
        var run = MetaCommands.run(config, "flows", "status", "booking");

        assertThat(run.exit()).isEqualTo(FlowsCommand.FAILED);
        assertThat(run.err()).contains("--meta-flow-id", "flowgate.flows.booking.meta-flow-id");
    }
}
