package io.flowgate.examples.appointment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.spi.FlowAction;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;
import io.flowgate.spi.FlowResponse.NextScreen;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin in-process, checked against its own flow.json: every screen it answers must be reachable under
 * the routing model and carry exactly the data that screen declares, or WhatsApp would reject the answer.
 */
class AppointmentFlowTest {

    // A Friday: the next five working days skip the weekend.
    private static final Clock FRIDAY = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    private final AppointmentFlow flow = new AppointmentFlow(FRIDAY);
    private final JsonNode flowJson = readFlowJson();

    private static final Map<String, Object> APPOINTMENT = Map.of(
            "department", "general", "location", "riverside", "date", "2026-11-30", "time", "13:00");
    private static final Map<String, Object> ALL_ANSWERS = Map.of(
            "department", "general", "location", "riverside", "date", "2026-11-30", "time", "13:00",
            "name", "Ada", "email", "ada@example.com", "phone", "+44 20 7946 0000");

    @Test
    void offersTheNextFiveWorkingDays() throws Exception {
        var init = (NextScreen) flow.handle(request(FlowAction.INIT, "", Map.of()));

        assertThat(init.data().get("dates").toString())
                .contains("2026-11-30", "2026-12-04").doesNotContain("2026-11-28", "2026-11-29");
    }

    @Test
    void everyAnswerFitsTheRoutingModelAndTheTargetScreensDataModel() throws Exception {
        assertFits("", flow.handle(request(FlowAction.INIT, "", Map.of())), true);
        assertFits("APPOINTMENT", flow.handle(request(FlowAction.DATA_EXCHANGE, "APPOINTMENT", APPOINTMENT)), false);
        assertFits("DETAILS", flow.handle(request(FlowAction.DATA_EXCHANGE, "DETAILS", ALL_ANSWERS)), false);
        assertFits("APPOINTMENT", flow.handle(request(FlowAction.DATA_EXCHANGE, "APPOINTMENT",
                Map.of("department", "cardiology", "location", "riverside", "date", "2026-11-30", "time", "13:00"))), false);
        assertFits("DETAILS", flow.handle(request(FlowAction.DATA_EXCHANGE, "DETAILS",
                Map.of("department", "general", "location", "riverside", "date", "2026-11-30", "time", "13:00",
                        "name", "Ada", "email", "not-an-email", "phone", "1"))), false);
        assertFits("DETAILS", flow.handle(request(FlowAction.BACK, "DETAILS", Map.of())), true);
    }

    @Test
    void aDepartmentTheLocationLacksIsAnErrorTheUserCanFix() throws Exception {
        var reply = (NextScreen) flow.handle(request(FlowAction.DATA_EXCHANGE, "APPOINTMENT",
                Map.of("department", "cardiology", "location", "riverside", "date", "2026-11-30", "time", "13:00")));

        assertThat(reply.screen()).isEqualTo("APPOINTMENT");
        assertThat(reply.data()).containsEntry("error_message",
                "Cardiology is not available at Riverside clinic. Please choose another location.");
    }

    @Test
    void aDateNotOfferedIsRefused() throws Exception {
        var reply = (NextScreen) flow.handle(request(FlowAction.DATA_EXCHANGE, "APPOINTMENT",
                Map.of("department", "general", "location", "riverside", "date", "2026-11-28", "time", "13:00")));

        assertThat(reply.data()).containsEntry("error_message", "Please choose a department, a location, a date and a time.");
    }

    @Test
    void aBadEmailKeepsTheUserOnDetails() throws Exception {
        var answers = new java.util.HashMap<>(ALL_ANSWERS);
        answers.put("email", "ada-at-example");

        var reply = (NextScreen) flow.handle(request(FlowAction.DATA_EXCHANGE, "DETAILS", answers));

        assertThat(reply.screen()).isEqualTo("DETAILS");
        assertThat(reply.data()).containsEntry("error_message", "\"ada-at-example\" does not look like an email address.")
                .containsEntry("department", "general");
    }

    @Test
    void confirmingTheSummaryCompletesWithEveryAnswer() throws Exception {
        var reply = flow.handle(request(FlowAction.DATA_EXCHANGE, "SUMMARY", ALL_ANSWERS));

        assertThat(reply).isInstanceOfSatisfying(FlowResponse.CompleteFlow.class,
                complete -> assertThat(complete.params()).containsAllEntriesOf(ALL_ANSWERS));
    }

    private void assertFits(String fromScreen, FlowResponse response, boolean backOrInit) {
        assertThat(response).isInstanceOf(NextScreen.class);
        var next = (NextScreen) response;
        if (!fromScreen.isEmpty() && !backOrInit) {
            Set<String> allowed = new HashSet<>();
            allowed.add(fromScreen);
            flowJson.get("routing_model").get(fromScreen).forEach(edge -> allowed.add(edge.asText()));
            assertThat(allowed).as("screens reachable from " + fromScreen).contains(next.screen());
        }
        JsonNode screen = screen(next.screen());
        Set<String> declared = new HashSet<>();
        screen.get("data").fieldNames().forEachRemaining(declared::add);
        Set<String> sent = new HashSet<>(next.data().keySet());
        sent.remove("error_message");
        assertThat(sent).as("data sent to " + next.screen()).isEqualTo(declared);
    }

    private JsonNode screen(String id) {
        for (JsonNode screen : flowJson.get("screens")) {
            if (screen.get("id").asText().equals(id)) {
                return screen;
            }
        }
        throw new AssertionError("flow.json has no screen " + id);
    }

    private static FlowRequest request(FlowAction action, String screen, Map<String, Object> data) {
        return FlowRequest.of(action, screen, data, "token");
    }

    private static JsonNode readFlowJson() {
        try {
            return new ObjectMapper().readTree(Path.of("src/main/resources/flow.json").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
