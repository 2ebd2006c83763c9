package io.flowgate.core.domain;

/**
 * The flow token is dead: unknown, expired, completed, or issued for another flow. Answered with HTTP 427
 * and the encrypted {@code {"error_msg": userMessage}}; WhatsApp then disables the flow's button.
 */
public final class TokenRejectedException extends Exception {

    /** Why the token is dead, in a few bounded words: the {@code reason} label of the 427 metric. */
    public enum Reason {
        MISSING("missing"), UNKNOWN("unknown"), OTHER_FLOW("other_flow"), COMPLETED("completed"),
        EXPIRED("expired"), PURGED("purged");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final String userMessage;
    private final Reason reason;

    /** @param explanation the sentence for the log (never the token itself) */
    public TokenRejectedException(Reason reason, String explanation, String userMessage) {
        super(explanation);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
        this.userMessage = userMessage;
    }

    public Reason reason() {
        return reason;
    }

    /** What the WhatsApp user reads. */
    public String userMessage() {
        return userMessage;
    }
}
