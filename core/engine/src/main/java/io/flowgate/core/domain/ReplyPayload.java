package io.flowgate.core.domain;

import java.util.Map;

/** The JSON object to encrypt and send back, as plain Java values. */
public record ReplyPayload(Map<String, Object> json) {

    public static ReplyPayload healthy() {
        return new ReplyPayload(Map.of("data", Map.of("status", "active")));
    }

    public static ReplyPayload acknowledged() {
        return new ReplyPayload(Map.of("data", Map.of("acknowledged", true)));
    }
}
