package io.flowgate.core.domain;

import io.flowgate.spi.FlowAction;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestClassifierTest {

    @Test
    void aPingNeedsNoTokenAndNoScreen() throws Exception {
        assertThat(RequestClassifier.classify(Map.of("version", "3.0", "action", "ping")))
                .isInstanceOf(DecryptedMessage.HealthCheck.class);
    }

    @Test
    void anErrorNotificationIsRecognisedUnderEitherDocumentedKey() throws Exception {
        var withError = RequestClassifier.classify(Map.of("action", "data_exchange", "screen", "S", "flow_token", "t",
                "data", Map.of("error", "invalid-screen-transition", "error_message", "bad")));
        var withErrorKey = RequestClassifier.classify(Map.of("action", "INIT", "flow_token", "t",
                "data", Map.of("error_key", "payload-schema-error")));

        assertThat(withError).isInstanceOfSatisfying(DecryptedMessage.ErrorReport.class, report -> {
            assertThat(report.notification().errorKey()).isEqualTo("invalid-screen-transition");
            assertThat(report.notification().errorMessage()).isEqualTo("bad");
            assertThat(report.notification().screen()).isEqualTo("S");
        });
        assertThat(withErrorKey).isInstanceOfSatisfying(DecryptedMessage.ErrorReport.class,
                report -> assertThat(report.notification().errorKey()).isEqualTo("payload-schema-error"));
    }

    @Test
    void aNotificationCarryingOnlyItsMessageIsRecognised() throws Exception {
        var onlyMessage = RequestClassifier.classify(Map.of("action", "data_exchange", "screen", "S", "flow_token", "t",
                "data", Map.of("error_message", "Screen DETAILS has no field 'x'")));

        assertThat(onlyMessage).isInstanceOfSatisfying(DecryptedMessage.ErrorReport.class, report -> {
            assertThat(report.notification().errorKey()).isEmpty();
            assertThat(report.notification().errorMessage()).isEqualTo("Screen DETAILS has no field 'x'");
        });
    }

    @Test
    void aFormFieldNamedErrorIsAStepNotANotification() throws Exception {
        var besideOtherFields = RequestClassifier.classify(Map.of("action", "data_exchange", "screen", "REPORT",
                "flow_token", "t", "data", Map.of("error", "The app crashed", "email", "ada@example.com")));
        var notText = RequestClassifier.classify(Map.of("action", "data_exchange", "screen", "REPORT",
                "flow_token", "t", "data", Map.of("error", true)));
        var onBack = RequestClassifier.classify(Map.of("action", "BACK", "screen", "REPORT", "flow_token", "t",
                "data", Map.of("error", "payload-schema-error")));

        assertThat(besideOtherFields).isInstanceOfSatisfying(DecryptedMessage.Step.class,
                step -> assertThat(step.request().data()).containsEntry("error", "The app crashed"));
        assertThat(notText).isInstanceOf(DecryptedMessage.Step.class);
        assertThat(onBack).as("the protocol sends notifications with data_exchange or INIT only")
                .isInstanceOf(DecryptedMessage.Step.class);
    }

    @Test
    void initMayComeWithoutScreenOrData() throws Exception {
        var step = (DecryptedMessage.Step) RequestClassifier.classify(Map.of("action", "INIT", "flow_token", "t"));

        assertThat(step.request().action()).isEqualTo(FlowAction.INIT);
        assertThat(step.request().screen()).isEmpty();
        assertThat(step.request().data()).isEmpty();
        assertThat(step.request().flowToken()).isEqualTo("t");
    }

    @Test
    void actionsAreCaseSensitiveAsOnTheWire() {
        assertThatThrownBy(() -> RequestClassifier.classify(Map.of("action", "DATA_EXCHANGE", "screen", "S")))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage("unknown action \"DATA_EXCHANGE\": expected ping, INIT, BACK or data_exchange");
    }

    @Test
    void wrongShapesAreMalformedNotCrashes() {
        assertThatThrownBy(() -> RequestClassifier.classify(Map.of("version", "3.0")))
                .hasMessage("the payload has no \"action\"");
        assertThatThrownBy(() -> RequestClassifier.classify(Map.of("action", 7)))
                .hasMessage("\"action\" must be a string");
        assertThatThrownBy(() -> RequestClassifier.classify(Map.of("action", "INIT", "data", "x")))
                .hasMessage("\"data\" must be an object");
        assertThatThrownBy(() -> RequestClassifier.classify(Map.of("action", "data_exchange", "data", Map.of())))
                .hasMessage("a data_exchange request must name its \"screen\"");
    }

    @Test
    void aNumberTooLargeForADoubleIsMalformedNotACrash() {
        assertThatThrownBy(() -> RequestClassifier.classify(Map.of("action", "data_exchange", "screen", "S",
                "data", Map.of("amount", Double.POSITIVE_INFINITY))))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage("data.amount is Infinity, which JSON cannot carry");
    }

    @Test
    void clientChosenTextIsShortenedAndMadePrintableInMessages() {
        assertThatThrownBy(() -> RequestClassifier.classify(Map.of("action", "x\n".repeat(40))))
                .hasMessageStartingWith("unknown action \"x?x?x?")
                .hasMessageNotContaining("\n");
    }
}
