package io.flowgate.testkit;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowTesterTest {

    private final FlowTester flow = FlowTester.of(new FeedbackFlow());

    @Test
    void walksTheFlowFromInitToCompletionThroughTheHost() {
        flow.init().assertScreen("RATE").assertData("max_stars", 5).assertNoErrorMessage();
        flow.submit("RATE", Map.of("stars", "4")).assertScreen("COMMENT").assertData("stars", "4");
        flow.submit("COMMENT", Map.of("stars", "4", "comment", "")).assertScreen("COMMENT")
                .assertErrorMessage("Please tell us why.");

        FlowAnswer done = flow.submit("COMMENT", Map.of("stars", "4", "comment", "Quick"));

        done.assertCompleted().assertParam("comment", "Quick").assertParam("flow_token", flow.flowToken());
        assertThat(flow.session()).containsEntry("stars", "4");
        assertThat(flow.completed()).isTrue();
        flow.init().assertTokenRejected();
    }

    @Test
    void backIsAnsweredWithTheScreenGoneBackTo() {
        flow.init();

        flow.back("COMMENT").assertScreen("RATE");
    }

    @Test
    void anAnswerWithDataOfTheWrongTypeFailsWithTheFlowJsonFinding() {
        flow.init();
        flow.submit("RATE", Map.of("stars", "2"));

        assertThatThrownBy(() -> flow.submit("COMMENT", Map.of("comment", "stars as a number")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("from screen \"COMMENT\" to \"COMMENT\" breaks the Flow JSON")
                .hasMessageContaining("ERROR DATA_TYPE at /data/stars");
        assertThat(flow.completed()).isFalse();
    }

    @Test
    void aScreenTheFlowJsonDoesNotHaveFailsWithTheFinding() {
        flow.init();
        flow.submit("RATE", Map.of("stars", "2"));

        assertThatThrownBy(() -> flow.submit("COMMENT", Map.of("comment", "an unknown screen")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to \"THANKS\" breaks the Flow JSON: ERROR ROUTE_UNKNOWN_SCREEN at /screen");
    }

    @Test
    void aPluginThatThrowsFailsTheStepWithItsExceptionAsTheCause() {
        assertThatThrownBy(() -> flow.submit("COMMENT", Map.of("comment", "throw")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the plugin failed on data_exchange from screen \"COMMENT\"")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWrongExpectationNamesTheStepAndWhatCameInstead() {
        assertThatThrownBy(() -> flow.init().assertScreen("COMMENT"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("INIT: expected screen \"COMMENT\" but the plugin answered \"RATE\"");
        assertThatThrownBy(() -> flow.init().assertErrorMessage("x"))
                .hasMessageContaining("expected error_message \"x\" on screen \"RATE\" but there is none");
    }

    @Test
    void aFlowJsonTheClientCannotRunIsRefusedWithEveryError() throws URISyntaxException {
        Path broken = Path.of(FlowTesterTest.class.getResource("/broken/flow.json").toURI());

        assertThatThrownBy(() -> FlowTester.of(new FeedbackFlow(), broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("(flow \"feedback\") is not a Flow JSON the WhatsApp client can run")
                .hasMessageContaining("NOWHERE");
    }

    @Test
    void theContextTheBusinessAttachedReachesThePlugin() {
        var withContext = FlowTester.builder(new io.flowgate.spi.FlowPlugin() {
            @Override
            public String flowId() {
                return "feedback";
            }

            @Override
            public io.flowgate.spi.FlowResponse handle(io.flowgate.spi.FlowRequest request) {
                return io.flowgate.spi.FlowResponse.screen("RATE",
                        Map.of("max_stars", ((Number) request.session().context().get("stars")).intValue()));
            }
        }).flowJson(Path.of("src/test/resources/flow.json")).context(Map.of("stars", 7)).build();

        withContext.init().assertData("max_stars", 7);
    }
}
