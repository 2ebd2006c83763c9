package io.flowgate.core.domain;

/**
 * The flow token is dead: unknown, expired, completed, or issued for another flow. Answered with HTTP 427
 * and the encrypted {@code {"error_msg": userMessage}}; WhatsApp then disables the flow's button.
 */
public final class TokenRejectedException extends Exception {
    private final String userMessage;

    public TokenRejectedException(String reason, String userMessage) {
        super(reason);
        this.userMessage = userMessage;
    }

    /** What the WhatsApp user reads. */
    public String userMessage() {
        return userMessage;
    }
}
