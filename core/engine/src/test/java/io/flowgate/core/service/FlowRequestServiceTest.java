package io.flowgate.core.service;

import io.flowgate.core.domain.FlowId;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.spi.ErrorNotification;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import io.flowgate.core.domain.EndpointStatus;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.domain.TokenPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowRequestServiceTest {

    /** Far enough away that no test meets it, except where a test says otherwise. */
    private static final io.flowgate.core.domain.Deadline SOON =
            io.flowgate.core.domain.Deadline.in(java.time.Duration.ofMinutes(10));

    private static final FlowId FLOW = new FlowId("demo");

    @Test
    void thePluginNeverSeesPings() throws Exception {
        var plugin = new RecordingPlugin(request -> {
            throw new AssertionError("called");
        });

        var reply = service(plugin).handle(FLOW, Map.of("action", "ping"), SOON);

        assertThat(reply.json()).isEqualTo(Map.of("data", Map.of("status", "active")));
        assertThat(plugin.requests).isEmpty();
    }

    @Test
    void errorNotificationsAreAcknowledgedAndObservedEvenWhenTheObserverFails() throws Exception {
        var plugin = new RecordingPlugin(request -> {
            throw new AssertionError("routed");
        }) {
            @Override
            public void onErrorNotification(ErrorNotification notification) {
                super.onErrorNotification(notification);
                throw new IllegalStateException("observer broke");
            }
        };

        var reply = service(plugin).handle(FLOW, Map.of("action", "data_exchange", "screen", "S", "flow_token", "t",
                "data", Map.of("error", "payload-schema-error")), SOON);

        assertThat(reply.json()).isEqualTo(Map.of("data", Map.of("acknowledged", true)));
        assertThat(plugin.notifications).extracting(ErrorNotification::errorKey).containsExactly("payload-schema-error");
        assertThat(plugin.requests).isEmpty();
    }

    @Test
    void aNextScreenIsSentAsScreenAndData() throws Exception {
        issue("t", FLOW, NOW.plusSeconds(600));
        var plugin = new RecordingPlugin(request -> FlowResponse.screen("NEXT", Map.of("greeting", "hi")));

        var reply = service(plugin).handle(FLOW, Map.of("action", "data_exchange", "screen", "FIRST",
                "flow_token", "t", "data", Map.of("name", "Ada")), SOON);

        assertThat(reply.json()).isEqualTo(Map.of("screen", "NEXT", "data", Map.of("greeting", "hi")));
        assertThat(plugin.requests.getFirst().data()).containsEntry("name", "Ada");
    }

    @Test
    void completionIsTheSuccessShapeWithTheRequestsTokenWhateverThePluginPutThere() throws Exception {
        issue("tok-1", FLOW, NOW.plusSeconds(600));
        var plugin = new RecordingPlugin(request -> FlowResponse.complete(Map.of("order", "42", "flow_token", "forged")));

        var reply = service(plugin).handle(FLOW, Map.of("action", "data_exchange", "screen", "LAST", "flow_token", "tok-1"), SOON);

        assertThat(reply.json()).isEqualTo(Map.of("screen", "SUCCESS", "data", Map.of("extension_message_response",
                Map.of("params", Map.of("order", "42", "flow_token", "tok-1")))));
    }

    @Test
    void nullsFromTheClientAreAbsentValuesAtAnyDepth() throws Exception {
        issue("t", FLOW, NOW.plusSeconds(600));
        var plugin = new RecordingPlugin(request -> FlowResponse.screen("NEXT", Map.of()));
        var customer = new java.util.HashMap<String, Object>();
        customer.put("id", null);
        customer.put("name", "Ada");
        var data = new java.util.HashMap<String, Object>();
        data.put("department", null);
        data.put("slots", new ArrayList<>(java.util.Arrays.asList("9:00", null)));
        data.put("customer", customer);
        var payload = new java.util.HashMap<String, Object>(Map.of("action", "data_exchange", "screen", "ONE",
                "flow_token", "t", "data", data));
        payload.put("flow_token_signature", null);

        var reply = service(plugin).handle(FLOW, payload, SOON);

        assertThat(reply.status()).isEqualTo(EndpointStatus.OK);
        assertThat(plugin.requests.getFirst().data()).isEqualTo(Map.of("slots", List.of("9:00"),
                "customer", Map.of("name", "Ada")));
    }

    @Test
    void aThrowingPluginBecomesAFailureThatNamesTheFlowAndStep() {
        issue("t", FLOW, NOW.plusSeconds(600));
        var plugin = new RecordingPlugin(request -> {
            throw new IllegalStateException("database down");
        });

        assertThatThrownBy(() -> service(plugin).handle(FLOW, Map.of("action", "BACK", "screen", "TWO", "flow_token", "t"), SOON))
                .isInstanceOf(PluginFailureException.class)
                .hasMessage("flow demo: the plugin failed on BACK from screen \"TWO\"")
                .hasRootCauseMessage("database down");
    }

    @Test
    void aNullAnswerIsAFailureToo() {
        issue("t", FLOW, NOW.plusSeconds(600));
        var plugin = new RecordingPlugin(request -> null);

        assertThatThrownBy(() -> service(plugin).handle(FLOW, Map.of("action", "INIT", "flow_token", "t"), SOON))
                .isInstanceOf(PluginFailureException.class)
                .hasMessageContaining("returned no response");
    }

    @Test
    void anUnknownFlowIsReportedAsSuch() {
        var service = new FlowRequestService(flowId -> Optional.empty(), sessions, STRICT, Clock.systemUTC(),
                NoSignatures.off(), null, new PluginCalls(8));

        assertThatThrownBy(() -> service.handle(FLOW, Map.of("action", "ping"), SOON)).isInstanceOf(UnknownFlowException.class);
    }

    private final FakeSessions sessions = new FakeSessions();
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final TokenPolicy STRICT = new TokenPolicy(TokenPolicy.Mode.STRICT, Duration.ofHours(24),
            Duration.ofDays(30), Duration.ofHours(24), "This form has expired.", Map.of("demo", "Ask us for a new link."));

    private FlowRequestService service(FlowPlugin plugin) {
        return service(plugin, STRICT);
    }

    private FlowRequestService service(FlowPlugin plugin, TokenPolicy policy) {
        return new FlowRequestService(flowId -> flowId.equals(FLOW) ? Optional.of(plugin) : Optional.empty(),
                sessions, policy, Clock.fixed(NOW, ZoneOffset.UTC), NoSignatures.off(), null, new PluginCalls(8));
    }

    private void issue(String token, FlowId flow, Instant expiresAt) {
        sessions.insert(new SessionRecord(token, flow, "447700900123", Map.of("order", "A-1"), Map.of(), 0,
                NOW.minusSeconds(60), expiresAt, Optional.empty(), ""));
    }

    private static class RecordingPlugin implements FlowPlugin {
        final List<FlowRequest> requests = new ArrayList<>();
        final List<ErrorNotification> notifications = new ArrayList<>();
        private final Function<FlowRequest, FlowResponse> answer;

        RecordingPlugin(Function<FlowRequest, FlowResponse> answer) {
            this.answer = answer;
        }

        @Override
        public String flowId() {
            return FLOW.value();
        }

        @Override
        public FlowResponse handle(FlowRequest request) {
            requests.add(request);
            return answer.apply(request);
        }

        @Override
        public void onErrorNotification(ErrorNotification notification) {
            notifications.add(notification);
        }
    }

    @Test
    void deadTokensGet427WithTheFlowsMessageAndNeverReachThePlugin() throws Exception {
        var plugin = new RecordingPlugin(request -> FlowResponse.screen("NEXT", Map.of()));
        issue("expired", FLOW, NOW.minusSeconds(1));
        issue("other-flow", new FlowId("loans"), NOW.plusSeconds(600));
        issue("done", FLOW, NOW.plusSeconds(600));
        sessions.markCompleted("done", NOW.minusSeconds(5));

        for (String token : new String[]{"unknown", "expired", "other-flow", "done", ""}) {
            var reply = service(plugin).handle(FLOW, Map.of("action", "INIT", "flow_token", token), SOON);

            assertThat(reply.status()).as(token).isEqualTo(EndpointStatus.TOKEN_REJECTED);
            assertThat(reply.json()).isEqualTo(Map.of("error_msg", "Ask us for a new link."));
        }
        assertThat(plugin.requests).isEmpty();
    }

    @Test
    void openModeCreatesASessionOnFirstSight() throws Exception {
        var open = new TokenPolicy(TokenPolicy.Mode.OPEN, Duration.ofHours(24), Duration.ofDays(30), Duration.ofHours(2),
                "expired", Map.of());
        var plugin = new RecordingPlugin(request -> {
            request.session().put("seen", true);
            return FlowResponse.screen("NEXT", Map.of());
        });

        var reply = service(plugin, open).handle(FLOW, Map.of("action", "INIT", "flow_token", "minted-elsewhere"), SOON);

        assertThat(reply.status()).isEqualTo(EndpointStatus.OK);
        var session = sessions.find("minted-elsewhere").orElseThrow();
        assertThat(session.data()).isEqualTo(Map.of("seen", true));
        assertThat(session.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void thePluginSeesTheTokensBindingAndItsChangesAreSaved() throws Exception {
        issue("t", FLOW, NOW.plusSeconds(600));
        var plugin = new RecordingPlugin(request -> {
            request.session().put("department", request.text("department").orElseThrow());
            return FlowResponse.screen("NEXT", Map.of("who", request.session().waId(),
                    "order", request.session().context().get("order")));
        });

        var reply = service(plugin).handle(FLOW, Map.of("action", "data_exchange", "screen", "ONE", "flow_token", "t",
                "data", Map.of("department", "cardiology")), SOON);

        assertThat(reply.json().get("data")).isEqualTo(Map.of("who", "447700900123", "order", "A-1"));
        assertThat(sessions.find("t").orElseThrow().data()).isEqualTo(Map.of("department", "cardiology"));
    }

    @Test
    void everyStoreCallOfAStepIsGivenTheRequestsDeadline() throws Exception {
        issue("t", FLOW, NOW.plusSeconds(600));
        sessions.racesToLose = 1;
        var plugin = new RecordingPlugin(request -> {
            request.session().put("seen", true);
            return FlowResponse.screen("NEXT", Map.of());
        });

        service(plugin).handle(FLOW, Map.of("action", "INIT", "flow_token", "t"), SOON);

        // resolve, the update that lost the race, the reload, the update that won
        assertThat(sessions.deadlinesSeen).hasSize(4).allMatch(SOON::equals);
    }

    @Test
    void aSaveThatRunsOutOfTimeIsATimeoutNotARetryAndSavesNothing() {
        issue("t", FLOW, NOW.plusSeconds(600));
        sessions.stallNextUpdate = true;
        var plugin = new RecordingPlugin(request -> {
            request.session().put("step", 1);
            return FlowResponse.screen("NEXT", Map.of());
        });

        assertThatThrownBy(() -> service(plugin).handle(FLOW, Map.of("action", "INIT", "flow_token", "t"), SOON))
                .isInstanceOf(io.flowgate.core.domain.DeadlineExceededException.class);
        assertThat(plugin.requests).hasSize(1);
        assertThat(sessions.find("t").orElseThrow().data()).isEmpty();
    }

    @Test
    void aStepThatChangesNoValueWritesOnlyItsPathInItsOneUpdate() throws Exception {
        issue("t", FLOW, NOW.plusSeconds(600));

        service(new RecordingPlugin(request -> FlowResponse.screen("NEXT", Map.of()))).handle(FLOW,
                Map.of("action", "INIT", "flow_token", "t"), SOON);

        assertThat(sessions.updates).isEqualTo(1);
        SessionRecord saved = sessions.find("t").orElseThrow();
        assertThat(saved.data()).isEmpty();
        assertThat(saved.journey().steps()).containsExactly(
                new io.flowgate.core.domain.JourneyStep("INIT", "", "NEXT", 200, NOW));
    }

    @Test
    void aStepThatLosesARaceRunsAgainOnWhatTheOtherInstanceSaved() throws Exception {
        issue("t", FLOW, NOW.plusSeconds(600));
        sessions.racesToLose = 1;
        var plugin = new RecordingPlugin(request -> {
            request.session().put("count", request.session().values().size());
            return FlowResponse.screen("NEXT", Map.of());
        });

        service(plugin).handle(FLOW, Map.of("action", "INIT", "flow_token", "t"), SOON);

        assertThat(plugin.requests).hasSize(2);
        assertThat(sessions.find("t").orElseThrow().data())
                .isEqualTo(Map.of("written_by", "other instance", "count", 1L));
    }

    @Test
    void completingClosesTheSessionSoTheTokenIsDeadAfterwards() throws Exception {
        issue("t", FLOW, NOW.plusSeconds(600));
        var plugin = new RecordingPlugin(request -> FlowResponse.complete(Map.of()));

        service(plugin).handle(FLOW, Map.of("action", "data_exchange", "screen", "LAST", "flow_token", "t"), SOON);
        var again = service(plugin).handle(FLOW, Map.of("action", "data_exchange", "screen", "LAST", "flow_token", "t"), SOON);

        assertThat(sessions.find("t").orElseThrow().completedAt()).contains(NOW);
        assertThat(again.status()).isEqualTo(EndpointStatus.TOKEN_REJECTED);
    }

    @Test
    void aPluginPastItsTimeBudgetFailsThatRequestAndIsInterrupted() throws Exception {
        issue("t", FLOW, NOW.plusSeconds(600));
        var interrupted = new java.util.concurrent.CountDownLatch(1);
        var plugin = new RecordingPlugin(request -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return FlowResponse.screen("LATE", Map.of());
        });
        var service = new FlowRequestService(flowId -> Optional.of(plugin), sessions, STRICT, Clock.fixed(NOW, ZoneOffset.UTC),
                NoSignatures.off(), null, new PluginCalls(8));

        var deadline = io.flowgate.core.domain.Deadline.in(Duration.ofMillis(200));
        assertThatThrownBy(() -> service.handle(FLOW, Map.of("action", "INIT", "flow_token", "t"), deadline))
                .isInstanceOf(PluginFailureException.class)
                .hasMessage("flow demo: the plugin was still running on INIT from screen \"\" when the request deadline"
                        + " passed (flowgate.request.deadline); it was interrupted");
        assertThat(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
}
