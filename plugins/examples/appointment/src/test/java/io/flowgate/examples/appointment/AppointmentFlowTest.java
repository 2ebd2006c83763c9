package io.flowgate.examples.appointment;

import io.flowgate.testkit.FlowTester;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin in-process through the host's own step logic (FlowTester): every answer is checked against the
 * plugin's flow.json in enforce mode, so a screen the routing model does not allow, or data that does not
 * match the target screen's data model, fails the step with the server's finding.
 */
class AppointmentFlowTest {

    // A Friday: the next five working days skip the weekend.
    private static final Clock FRIDAY = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    private final FlowTester flow = FlowTester.of(new AppointmentFlow(FRIDAY));

    private static final Map<String, Object> APPOINTMENT = Map.of(
            "department", "general", "location", "riverside", "date", "2026-11-30", "time", "13:00");
    private static final Map<String, Object> ALL_ANSWERS = Map.of(
            "department", "general", "location", "riverside", "date", "2026-11-30", "time", "13:00",
            "name", "Ada", "email", "ada@example.com", "phone", "+44 20 7946 0000");

    @Test
    void offersTheNextFiveWorkingDays() {
        var init = flow.init().assertScreen("APPOINTMENT");

        assertThat(init.data().get("dates").toString())
                .contains("2026-11-30", "2026-12-04").doesNotContain("2026-11-28", "2026-11-29");
    }

    @Test
    void aUserWalksFromTheAppointmentToTheSummaryAndCompletes() {
        flow.init().assertScreen("APPOINTMENT");
        flow.submit("APPOINTMENT", APPOINTMENT).assertScreen("DETAILS").assertData("department", "general")
                .assertNoErrorMessage();
        flow.submit("DETAILS", ALL_ANSWERS).assertScreen("SUMMARY").assertData("name", "Ada");
        // BACK carries no data: DETAILS shows the first screen's answers from the session, not empty values.
        flow.back("SUMMARY").assertScreen("DETAILS").assertData("department", "general")
                .assertData("location", APPOINTMENT.get("location"));
        flow.back("DETAILS").assertScreen("APPOINTMENT");

        var done = flow.submit("SUMMARY", ALL_ANSWERS).assertCompleted();

        assertThat(done.completionParams()).containsAllEntriesOf(ALL_ANSWERS)
                .containsEntry("flow_token", flow.flowToken());
        flow.init().assertTokenRejected();
    }

    @Test
    void aDepartmentTheLocationLacksIsAnErrorTheUserCanFix() {
        flow.submit("APPOINTMENT", Map.of("department", "cardiology", "location", "riverside", "date", "2026-11-30",
                        "time", "13:00"))
                .assertScreen("APPOINTMENT")
                .assertErrorMessage("Cardiology is not available at Riverside clinic. Please choose another location.");
    }

    @Test
    void aDateNotOfferedIsRefused() {
        flow.submit("APPOINTMENT", Map.of("department", "general", "location", "riverside", "date", "2026-11-28",
                        "time", "13:00"))
                .assertScreen("APPOINTMENT")
                .assertErrorMessage("Please choose a department, a location, a date and a time.");
    }

    @Test
    void aBadEmailKeepsTheUserOnDetails() {
        var answers = new HashMap<>(ALL_ANSWERS);
        answers.put("email", "ada-at-example");

        flow.submit("DETAILS", answers).assertScreen("DETAILS")
                .assertErrorMessage("\"ada-at-example\" does not look like an email address.")
                .assertData("department", "general");
    }

    @Test
    void aBadPhoneNumberKeepsTheUserOnDetails() {
        var answers = new HashMap<>(ALL_ANSWERS);
        answers.put("phone", "1");

        flow.submit("DETAILS", answers).assertScreen("DETAILS").assertErrorMessage("Please enter a phone number.");
    }

    @Test
    void theFlowJsonHasNoLintFindings() {
        assertThat(flow.flowJsonWarnings()).isEmpty();
    }
}
