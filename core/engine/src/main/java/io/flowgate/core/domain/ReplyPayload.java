package io.flowgate.core.domain;

import java.util.Map;
import java.util.Objects;

/**
 * The JSON object to encrypt and send back, as plain Java values, and the status to send it with: 200, or
 * 427 for the encrypted {@code error_msg} of a dead token.
 */
public record ReplyPayload(EndpointStatus status, Map<String, Object> json) {

    public ReplyPayload {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(json, "json");
    }

    public static ReplyPayload ok(Map<String, Object> json) {
        return new ReplyPayload(EndpointStatus.OK, json);
    }

    public static ReplyPayload healthy() {
        return ok(Map.of("data", Map.of("status", "active")));
    }

    public static ReplyPayload acknowledged() {
        return ok(Map.of("data", Map.of("acknowledged", true)));
    }

    public static ReplyPayload deadToken(String userMessage) {
        return new ReplyPayload(EndpointStatus.TOKEN_REJECTED, Map.of("error_msg", userMessage));
    }
}
