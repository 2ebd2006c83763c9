package io.flowgate.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a plugin answers: the next screen with its data, or the completion of the flow.
 *
 * <p>Use the factory methods; the host turns each into the exact shape WhatsApp expects and encrypts it.
 */
public sealed interface FlowResponse permits FlowResponse.NextScreen, FlowResponse.CompleteFlow {

    /** The data key that makes the WhatsApp client show a snackbar on the target screen. */
    String ERROR_MESSAGE_KEY = "error_message";

    /** Shows {@code screen} with {@code data} (the values the screen's data model declares). */
    static FlowResponse screen(String screen, Map<String, ?> data) {
        return new NextScreen(screen, FlowValues.widen(data));
    }

    /**
     * Shows {@code screen} again (or another screen) with {@code data} and a snackbar carrying
     * {@code message}: the way to report input the user can fix. The flow stays open.
     */
    static FlowResponse screenWithError(String screen, Map<String, ?> data, String message) {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("an error message for the user must not be blank");
        }
        var withMessage = new LinkedHashMap<String, Object>(FlowValues.widen(data));
        withMessage.put(ERROR_MESSAGE_KEY, message);
        return new NextScreen(screen, withMessage);
    }

    /**
     * Completes the flow. The host answers with the {@code SUCCESS} screen and puts {@code params} plus the
     * request's {@code flow_token} into {@code extension_message_response.params}; WhatsApp then delivers
     * them in the completion message on the messages webhook.
     */
    static FlowResponse complete(Map<String, ?> params) {
        return new CompleteFlow(FlowValues.widen(params));
    }

    /** The next screen and its data. {@code SUCCESS} is reserved for {@link CompleteFlow}. */
    record NextScreen(String screen, Map<String, Object> data) implements FlowResponse {
        public NextScreen {
            if (screen == null || screen.isBlank()) {
                throw new IllegalArgumentException("the next screen must be named");
            }
            if (screen.equals("SUCCESS")) {
                throw new IllegalArgumentException(
                        "SUCCESS is reserved by WhatsApp for completing a flow: use FlowResponse.complete(params)");
            }
            data = FlowValues.copyOf(data, "data");
        }
    }

    /** Completes the flow with {@code params}; {@code flow_token} is added by the host. */
    record CompleteFlow(Map<String, Object> params) implements FlowResponse {
        public CompleteFlow {
            params = FlowValues.copyOf(params, "params");
        }
    }
}
