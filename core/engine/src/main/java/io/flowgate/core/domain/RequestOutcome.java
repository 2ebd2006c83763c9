package io.flowgate.core.domain;

/**
 * How one data-endpoint request ended, in the classes Meta's endpoint health counts: every non-200 answer is
 * an endpoint error except 427 (a dead flow token) and 421 (the client refreshes the key and retries), and a
 * request answered too late is a timeout, an error whatever its status.
 */
public enum RequestOutcome {
    OK("200"),
    BAD_REQUEST("400"),
    UNKNOWN_FLOW("404"),
    KEY_REFRESH("421"),
    TOKEN_REJECTED("427"),
    SIGNATURE_INVALID("432"),
    SERVER_ERROR("500"),
    UNAVAILABLE("503"),
    TIMEOUT("timeout");

    private final String label;

    RequestOutcome(String label) {
        this.label = label;
    }

    /** The HTTP status WhatsApp saw, or {@code timeout}: the key of this outcome in the health answer. */
    public String label() {
        return label;
    }

    /** Whether Meta counts this outcome in the flow's endpoint error rate. */
    public boolean isEndpointError() {
        return this != OK && this != KEY_REFRESH && this != TOKEN_REJECTED;
    }

    /** @param timedOut the answer was ready only after the request's deadline (or after Meta's 10 s) */
    public static RequestOutcome of(EndpointStatus status, boolean timedOut) {
        if (timedOut || status == EndpointStatus.TIMED_OUT) {
            return TIMEOUT;
        }
        return switch (status) {
            case OK -> OK;
            case BAD_REQUEST -> BAD_REQUEST;
            case UNKNOWN_FLOW -> UNKNOWN_FLOW;
            case DECRYPTION_FAILED -> KEY_REFRESH;
            case TOKEN_REJECTED -> TOKEN_REJECTED;
            case SIGNATURE_INVALID -> SIGNATURE_INVALID;
            case HANDLER_FAILED, INTERNAL_ERROR -> SERVER_ERROR;
            case OVERLOADED, TIMED_OUT -> UNAVAILABLE;
        };
    }
}
