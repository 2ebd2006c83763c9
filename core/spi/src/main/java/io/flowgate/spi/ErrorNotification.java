package io.flowgate.spi;

/**
 * WhatsApp's report that the client rejected a response of this flow.
 *
 * @param screen       the screen the client was on
 * @param errorKey     the error kind, e.g. {@code invalid-screen-transition} or {@code payload-schema-error}
 *                     (empty when the client sent only a message)
 * @param errorMessage the client's description of the problem (may be empty)
 * @param flowToken    the flow token of the conversation (may be empty)
 */
public record ErrorNotification(String screen, String errorKey, String errorMessage, String flowToken) {
    public ErrorNotification {
        screen = screen == null ? "" : screen;
        errorKey = errorKey == null ? "" : errorKey;
        errorMessage = errorMessage == null ? "" : errorMessage;
        flowToken = flowToken == null ? "" : flowToken;
    }
}
