package io.flowgate.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A session claimed for one call of its plugin's abandonment hook.
 *
 * @param abandonedAt when it was first claimed as abandoned (identifies the claim across attempts)
 * @param screen      the screen the user stopped at
 * @param attempts    this attempt's number, from 1
 */
public record AbandonedSession(String token, FlowId flowId, String waId, Map<String, Object> context,
                               Map<String, Object> data, String screen, Instant abandonedAt, int attempts) {

    public AbandonedSession {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(flowId, "flowId");
        waId = waId == null ? "" : waId;
        context = Map.copyOf(context);
        data = Map.copyOf(data);
        screen = screen == null ? "" : screen;
        Objects.requireNonNull(abandonedAt, "abandonedAt");
    }

    @Override
    public String toString() {
        // No token, phone number or value: this reaches log lines.
        return "AbandonedSession[flow=" + flowId + ", attempt=" + attempts + "]";
    }
}
