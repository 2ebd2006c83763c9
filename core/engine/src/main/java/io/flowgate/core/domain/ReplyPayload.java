package io.flowgate.core.domain;

import java.util.Map;
import java.util.Objects;

/**
 * The JSON object to encrypt and send back, as plain Java values, and the status to send it with: 200, or
 * 427 for the encrypted {@code error_msg} of a dead token.
 *
 * @param summary what the request was, for the log: action and screen, never data
 */
public record ReplyPayload(EndpointStatus status, Map<String, Object> json, String summary) {

    public ReplyPayload {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(summary, "summary");
    }

    private static final String HEALTH_CHECK = "action=ping";

    public static ReplyPayload healthy() {
        return new ReplyPayload(EndpointStatus.OK, Map.of("data", Map.of("status", "active")), HEALTH_CHECK);
    }

    /** Whether this answers Meta's health check, which Meta's availability counts. */
    public boolean isHealthCheck() {
        return summary.equals(HEALTH_CHECK);
    }

    /** Whether this acknowledges an error notification. */
    public boolean isErrorAcknowledgement() {
        return summary.startsWith(ERROR_ACKNOWLEDGEMENT);
    }

    private static final String ERROR_ACKNOWLEDGEMENT = "action=error_notification ";

    public static ReplyPayload acknowledged(String screen) {
        return new ReplyPayload(EndpointStatus.OK, Map.of("data", Map.of("acknowledged", true)),
                ERROR_ACKNOWLEDGEMENT + "screen=" + LogSafe.text(screen));
    }

    public static ReplyPayload deadToken(String userMessage, String summary) {
        return new ReplyPayload(EndpointStatus.TOKEN_REJECTED, Map.of("error_msg", userMessage), summary);
    }
}
