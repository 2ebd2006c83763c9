package io.flowgate.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event of Meta's {@code flows} webhook field, as it was received (meta-operations.md): an alert about a
 * flow's endpoint or client errors, latency or availability ({@code alert_state} ACTIVATED or DEACTIVATED), a
 * status change ({@code new_status}, e.g. THROTTLED or BLOCKED) or a version expiry warning. Unknown events are
 * kept as they came.
 *
 * @param id         unique per received event (several may share a Meta flow id, event and time)
 * @param metaFlowId Meta's flow id ({@code flow_id}); {@code ""} when the event named none
 * @param event      {@code event} as sent, e.g. {@code ENDPOINT_ERROR_RATE}; {@code ""} when missing
 * @param alertState {@code alert_state}, or {@code ""}
 * @param newStatus  {@code new_status} of a FLOW_STATUS_CHANGE, or {@code ""}
 * @param message    Meta's sentence, or {@code ""}
 * @param occurredAt the delivery's {@code entry[].time}, or when it was received
 * @param values     the event's whole {@code value} object, plain JSON values
 */
public record ReceivedMetaAlert(String id, String metaFlowId, String event, String alertState, String newStatus,
                                String message, Instant occurredAt, Instant receivedAt, Map<String, Object> values) {

    public static final String FLOW_STATUS_CHANGE = "FLOW_STATUS_CHANGE";

    public ReceivedMetaAlert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(metaFlowId, "metaFlowId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(alertState, "alertState");
        Objects.requireNonNull(newStatus, "newStatus");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        // Meta's values may hold JSON nulls, which Map.copyOf refuses.
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    /** What this event says about the flow now: the new status of a status change, else the alert state. */
    public String state() {
        return newStatus.isEmpty() ? alertState : newStatus;
    }

    /** ACTIVATED alerts and THROTTLED or BLOCKED statuses: what an operator must act on. */
    public boolean needsAttention() {
        return alertState.equals("ACTIVATED") || newStatus.equals("THROTTLED") || newStatus.equals("BLOCKED");
    }
}
