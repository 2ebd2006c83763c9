package io.flowgate.core.service;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.JourneyStep;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.domain.SessionStatus;
import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.port.in.ReportJourneys;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.JourneyEvents;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;
import io.flowgate.spi.MediaAccess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The path each step records, the events it announces, and the funnel and session view built from the paths. */
class JourneysTest {

    private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");
    private static final FlowId FLOW = new FlowId("booking");
    private static final Duration ABANDON_AFTER = Duration.ofHours(1);
    private static final Deadline SOON = Deadline.in(Duration.ofMinutes(10));
    private static final TokenPolicy STRICT = new TokenPolicy(TokenPolicy.Mode.STRICT, Duration.ofHours(24),
            Duration.ofDays(30), Duration.ofHours(24), "This form has expired.", Map.of());

    private final FakeSessions sessions = new FakeSessions();
    private final MutableClock clock = new MutableClock(START);
    private final RecordedEvents events = new RecordedEvents();
    /** FORM rejects an empty name (an error message on FORM again), then goes to CONFIRM, which completes. */
    private final FlowPlugin plugin = new FlowPlugin() {
        @Override
        public String flowId() {
            return FLOW.value();
        }

        @Override
        public FlowResponse handle(FlowRequest request) {
            return switch (request.action()) {
                case INIT -> FlowResponse.screen("FORM", Map.of());
                case BACK -> FlowResponse.screen("FORM", Map.of());
                case DATA_EXCHANGE -> switch (request.screen()) {
                    case "FORM" -> {
                        if (request.text("name").orElse("").isEmpty()) {
                            yield FlowResponse.screenWithError("FORM", Map.of(), "Your name, please.");
                        }
                        if (request.text("name").get().equals("crash")) {
                            throw new IllegalStateException("the CRM is down");
                        }
                        request.session().put("name", request.text("name").get());
                        yield FlowResponse.screen("CONFIRM", Map.of());
                    }
                    default -> FlowResponse.complete(Map.of());
                };
            };
        }
    };
    private final FlowRequestService steps = new FlowRequestService(
            flowId -> flowId.equals(FLOW) ? Optional.of(plugin) : Optional.empty(), sessions, STRICT, clock,
            NoSignatures.off(), null, new PluginCalls(8), MediaAccess.NONE, AnswerValidation.NONE, ABANDON_AFTER, events);
    private final JourneyService journeys = new JourneyService(sessions,
            flowId -> flowId.equals(FLOW) ? Optional.of(plugin) : Optional.empty(),
            Map.of(FLOW, List.of("FORM", "CONFIRM", "NEVER_SHOWN")), ABANDON_AFTER, clock);

    @Test
    void eachAnsweredStepIsOnThePathWithoutItsValuesAndAScreenIsReachedOncePerSession() throws Exception {
        issue("t");
        step("t", "INIT", "", Map.of());
        clock.advance(Duration.ofSeconds(10));
        step("t", "data_exchange", "FORM", Map.of("name", ""));
        clock.advance(Duration.ofSeconds(20));
        step("t", "data_exchange", "FORM", Map.of("name", "Ada"));
        clock.advance(Duration.ofSeconds(5));
        step("t", "data_exchange", "CONFIRM", Map.of());

        SessionRecord saved = sessions.find("t").orElseThrow();
        assertThat(saved.journey().steps()).containsExactly(
                new JourneyStep("INIT", "", "FORM", 200, START),
                new JourneyStep("data_exchange", "FORM", "FORM", 200, START.plusSeconds(10)),
                new JourneyStep("data_exchange", "FORM", "CONFIRM", 200, START.plusSeconds(30)),
                new JourneyStep("data_exchange", "CONFIRM", "SUCCESS", 200, START.plusSeconds(35)));
        assertThat(saved.journey().reached()).containsExactly("FORM", "CONFIRM");
        assertThat(saved.journey().currentScreen()).isEqualTo("SUCCESS");
        assertThat(saved.journey().toString()).doesNotContain("Ada");
        assertThat(sessions.updates).as("one update per step, the path in it").isEqualTo(4);
        assertThat(events.calls).containsExactly("reached booking FORM", "reached booking CONFIRM", "completed booking");
    }

    @Test
    void aFailedStepIsOnThePathWithIts500AndChangesNoValue() {
        issue("t");

        assertThatThrownBy(() -> step("t", "data_exchange", "FORM", Map.of("name", "crash")))
                .isInstanceOf(PluginFailureException.class);

        SessionRecord saved = sessions.find("t").orElseThrow();
        assertThat(saved.journey().steps()).containsExactly(new JourneyStep("data_exchange", "FORM", "", 500, START));
        assertThat(saved.data()).isEmpty();
        assertThat(events.calls).isEmpty();
    }

    @Test
    void thePathKeepsTheLastHundredStepsButRemembersEveryScreenReached() throws Exception {
        issue("t");
        step("t", "INIT", "", Map.of());
        step("t", "data_exchange", "FORM", Map.of("name", "Ada"));
        for (int i = 0; i < 120; i++) {
            clock.advance(Duration.ofSeconds(1));
            step("t", "BACK", "CONFIRM", Map.of());
        }

        var journey = sessions.find("t").orElseThrow().journey();
        assertThat(journey.steps()).hasSize(100);
        assertThat(journey.steps().getLast().at()).isEqualTo(START.plusSeconds(120));
        assertThat(journey.reached()).containsExactly("FORM", "CONFIRM");
        assertThat(journey.startedAt()).contains(START);
    }

    @Test
    void aStepAfterTheAbandonTimeRevivesTheSessionAndCountsAsAReturn() throws Exception {
        issue("t");
        step("t", "INIT", "", Map.of());
        clock.advance(ABANDON_AFTER.minusSeconds(1));
        assertThat(journeys.session("t").orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(journeys.session("t").orElseThrow().status()).isEqualTo(SessionStatus.ABANDONED);

        step("t", "data_exchange", "FORM", Map.of("name", "Ada"));

        var view = journeys.session("t").orElseThrow();
        assertThat(view.status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(view.returns()).isEqualTo(1);
        assertThat(view.currentScreen()).isEqualTo("CONFIRM");
        assertThat(view.path()).extracting(JourneyStep::toScreen).containsExactly("FORM", "CONFIRM");
    }

    @Test
    void theFunnelCountsSessionsByScreenInTheFlowJsonsOrderWithTheMedianTimeOnEach() throws Exception {
        issue("stops-at-form");
        issue("stops-at-confirm");
        issue("completes");
        issue("never-opened");
        step("stops-at-form", "INIT", "", Map.of());
        step("stops-at-confirm", "INIT", "", Map.of());
        step("completes", "INIT", "", Map.of());
        clock.advance(Duration.ofSeconds(30));
        step("stops-at-confirm", "data_exchange", "FORM", Map.of("name", "Bo"));
        clock.advance(Duration.ofSeconds(30));
        step("completes", "data_exchange", "FORM", Map.of("name", ""));   // FORM again: still reached once
        clock.advance(Duration.ofSeconds(30));
        step("completes", "data_exchange", "FORM", Map.of("name", "Cy")); // 90 s on FORM in all
        clock.advance(Duration.ofSeconds(10));
        step("completes", "data_exchange", "CONFIRM", Map.of());          // 10 s on CONFIRM
        clock.advance(ABANDON_AFTER);

        ReportJourneys.Funnel funnel = journeys.funnel("booking", Duration.ofHours(24));

        assertThat(funnel.started()).as("the unopened token did not start").isEqualTo(3);
        assertThat(funnel.completed()).isEqualTo(1);
        assertThat(funnel.abandoned()).isEqualTo(2);
        assertThat(funnel.screens()).containsExactly(
                new ReportJourneys.ScreenFunnel("FORM", 3, 1, OptionalDouble.of(60)),
                new ReportJourneys.ScreenFunnel("CONFIRM", 2, 1, OptionalDouble.of(10)),
                new ReportJourneys.ScreenFunnel("NEVER_SHOWN", 0, 0, OptionalDouble.empty()));
        assertThat(journeys.funnel("booking", Duration.ofHours(1)).started())
                .as("started more than an hour ago").isZero();
    }

    @Test
    void aTokenThatExpiresBeforeItCountsAsAbandonedEndsAsExpired() throws Exception {
        sessions.insert(new SessionRecord("short", FLOW, "447700900123", Map.of(), Map.of(), 0, START,
                START.plus(Duration.ofMinutes(30)), Optional.empty(), ""));
        step("short", "INIT", "", Map.of());
        clock.advance(Duration.ofHours(2));

        assertThat(journeys.session("short").orElseThrow().status()).isEqualTo(SessionStatus.EXPIRED);
        assertThat(journeys.funnel("booking", Duration.ofHours(24)).abandoned()).isZero();
    }

    @Test
    void anUnknownFlowHasNoFunnelAndAnUnknownTokenNoJourney() {
        assertThatThrownBy(() -> journeys.funnel("nope", Duration.ofHours(1))).isInstanceOf(UnknownFlowException.class);
        assertThat(journeys.session("unknown")).isEmpty();
    }

    private void issue(String token) {
        sessions.insert(new SessionRecord(token, FLOW, "447700900123", Map.of(), Map.of(), 0, START,
                START.plus(Duration.ofDays(1)), Optional.empty(), ""));
    }

    private void step(String token, String action, String screen, Map<String, Object> data) throws Exception {
        var reply = steps.handle(FLOW, Map.of("action", action, "screen", screen, "flow_token", token, "data", data), SOON);
        assertThat(reply.status().httpStatus()).isEqualTo(200);
    }

    private static final class RecordedEvents implements JourneyEvents {
        final List<String> calls = new ArrayList<>();

        @Override
        public void screenReached(String flow, String screen) {
            calls.add("reached " + flow + " " + screen);
        }

        @Override
        public void sessionAbandoned(String flow, String screen) {
            calls.add("abandoned " + flow + " " + screen);
        }

        @Override
        public void sessionCompleted(String flow) {
            calls.add("completed " + flow);
        }
    }
}
