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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowRequestServiceTest {

    private static final FlowId FLOW = new FlowId("demo");

    @Test
    void thePluginNeverSeesPings() throws Exception {
        var plugin = new RecordingPlugin(request -> {
            throw new AssertionError("called");
        });

        var reply = service(plugin).handle(FLOW, Map.of("action", "ping"));

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
                "data", Map.of("error", "payload-schema-error")));

        assertThat(reply.json()).isEqualTo(Map.of("data", Map.of("acknowledged", true)));
        assertThat(plugin.notifications).extracting(ErrorNotification::errorKey).containsExactly("payload-schema-error");
        assertThat(plugin.requests).isEmpty();
    }

    @Test
    void aNextScreenIsSentAsScreenAndData() throws Exception {
        var plugin = new RecordingPlugin(request -> FlowResponse.screen("NEXT", Map.of("greeting", "hi")));

        var reply = service(plugin).handle(FLOW, Map.of("action", "data_exchange", "screen", "FIRST",
                "flow_token", "t", "data", Map.of("name", "Ada")));

        assertThat(reply.json()).isEqualTo(Map.of("screen", "NEXT", "data", Map.of("greeting", "hi")));
        assertThat(plugin.requests.getFirst().data()).containsEntry("name", "Ada");
    }

    @Test
    void completionIsTheSuccessShapeWithTheRequestsTokenWhateverThePluginPutThere() throws Exception {
        var plugin = new RecordingPlugin(request -> FlowResponse.complete(Map.of("order", "42", "flow_token", "forged")));

        var reply = service(plugin).handle(FLOW, Map.of("action", "data_exchange", "screen", "LAST", "flow_token", "tok-1"));

        assertThat(reply.json()).isEqualTo(Map.of("screen", "SUCCESS", "data", Map.of("extension_message_response",
                Map.of("params", Map.of("order", "42", "flow_token", "tok-1")))));
    }

    @Test
    void aThrowingPluginBecomesAFailureThatNamesTheFlowAndStep() {
        var plugin = new RecordingPlugin(request -> {
            throw new IllegalStateException("database down");
        });

        assertThatThrownBy(() -> service(plugin).handle(FLOW, Map.of("action", "BACK", "screen", "TWO")))
                .isInstanceOf(PluginFailureException.class)
                .hasMessage("flow demo: the plugin failed on BACK from screen \"TWO\"")
                .hasRootCauseMessage("database down");
    }

    @Test
    void aNullAnswerIsAFailureToo() {
        var plugin = new RecordingPlugin(request -> null);

        assertThatThrownBy(() -> service(plugin).handle(FLOW, Map.of("action", "INIT")))
                .isInstanceOf(PluginFailureException.class)
                .hasMessageContaining("returned no response");
    }

    @Test
    void anUnknownFlowIsReportedAsSuch() {
        var service = new FlowRequestService(flowId -> Optional.empty());

        assertThatThrownBy(() -> service.handle(FLOW, Map.of("action", "ping"))).isInstanceOf(UnknownFlowException.class);
    }

    private static FlowRequestService service(FlowPlugin plugin) {
        return new FlowRequestService(flowId -> flowId.equals(FLOW) ? Optional.of(plugin) : Optional.empty());
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
}
