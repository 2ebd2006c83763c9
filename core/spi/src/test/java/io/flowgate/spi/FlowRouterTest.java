package io.flowgate.spi;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowRouterTest {

    private final FlowRouter router = FlowRouter.builder()
            .onInit(request -> FlowResponse.screen("PICK", Map.of()))
            .onSubmit("PICK", request -> FlowResponse.screen("CONFIRM", Map.of("slot", request.text("slot").orElse(""))))
            .onSubmit("CONFIRM", request -> FlowResponse.complete(Map.of()))
            .onBack("CONFIRM", request -> FlowResponse.screen("PICK", Map.of("again", true)))
            .build();

    @Test
    void eachStepGoesToItsHandler() throws Exception {
        assertThat(screenOf(router.route(FlowRequest.of(FlowAction.INIT, "", Map.of(), "t")))).isEqualTo("PICK");
        var confirm = (FlowResponse.NextScreen) router.route(FlowRequest.of(FlowAction.DATA_EXCHANGE, "PICK",
                Map.of("slot", "09:00"), "t"));
        assertThat(confirm.screen()).isEqualTo("CONFIRM");
        assertThat(confirm.data()).containsEntry("slot", "09:00");
        assertThat(router.route(FlowRequest.of(FlowAction.DATA_EXCHANGE, "CONFIRM", Map.of(), "t")))
                .isInstanceOf(FlowResponse.CompleteFlow.class);
        assertThat(((FlowResponse.NextScreen) router.route(FlowRequest.of(FlowAction.BACK, "CONFIRM", Map.of(), "t")))
                .data()).containsEntry("again", true);
    }

    @Test
    void aStepWithoutAHandlerFailsNamingTheHandlerToAdd() {
        assertThatThrownBy(() -> router.route(FlowRequest.of(FlowAction.DATA_EXCHANGE, "TERMS", Map.of(), "t")))
                .isInstanceOf(FlowRouter.UnroutedStepException.class)
                .hasMessage("no handler for data_exchange from screen \"TERMS\" in this plugin's FlowRouter"
                        + " (add onSubmit(\"TERMS\", ...))");
        assertThatThrownBy(() -> router.route(FlowRequest.of(FlowAction.BACK, "PICK", Map.of(), "t")))
                .hasMessage("no handler for BACK from screen \"PICK\" in this plugin's FlowRouter (add onBack(\"PICK\", ...))");
        assertThatThrownBy(() -> FlowRouter.builder().build().route(FlowRequest.of(FlowAction.INIT, "", Map.of(), "t")))
                .hasMessage("no handler for INIT in this plugin's FlowRouter (add onInit(...))");
    }

    @Test
    void itTellsTheHostWhatItHandles() {
        assertThat(router.handlesInit()).isTrue();
        assertThat(router.submitScreens()).containsExactlyInAnyOrder("PICK", "CONFIRM");
        assertThat(router.backScreens()).containsExactly("CONFIRM");
    }

    @Test
    void aScreenIsRoutedOnceAndNeverToSuccess() {
        var builder = FlowRouter.builder().onSubmit("PICK", request -> null);
        assertThatThrownBy(() -> builder.onSubmit("PICK", request -> null)).hasMessage("onSubmit(\"PICK\") is already set");
        assertThatThrownBy(() -> builder.onBack("SUCCESS", request -> null))
                .hasMessage("onBack needs the id of a screen of the Flow JSON, not \"SUCCESS\"");
    }

    @Test
    void aRoutedPluginBuildsItsRoutesOnceAndShowsThemToTheHost() throws Exception {
        var built = new AtomicInteger();
        FlowPlugin plugin = new RoutedFlowPlugin() {
            @Override
            public String flowId() {
                return "demo";
            }

            @Override
            protected void routes(FlowRouter.Builder routes) {
                built.incrementAndGet();
                routes.onInit(request -> FlowResponse.screen("PICK", Map.of()));
            }
        };

        plugin.handle(FlowRequest.of(FlowAction.INIT, "", Map.of(), "t"));
        plugin.handle(FlowRequest.of(FlowAction.INIT, "", Map.of(), "t"));

        assertThat(plugin.router()).hasValueSatisfying(router -> assertThat(router.handlesInit()).isTrue());
        assertThat(built).hasValue(1);
    }

    private static String screenOf(FlowResponse response) {
        return ((FlowResponse.NextScreen) response).screen();
    }
}
