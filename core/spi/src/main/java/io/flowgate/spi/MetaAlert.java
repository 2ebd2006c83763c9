package io.flowgate.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An event of Meta's {@code flows} webhook about the Meta flow this plugin's flow is mapped to
 * ({@code flowgate.flows.<flowId>.meta-flow-id}): an endpoint or client error-rate, latency or availability
 * alert ({@link #alertState()} ACTIVATED or DEACTIVATED), a status change ({@link #newStatus()}, e.g.
 * THROTTLED or BLOCKED), or a version expiry warning. Events Flowgate does not know arrive too, as sent.
 *
 * <p>A final class built by {@link #builder()}, not a record, so that it can gain values without breaking
 * plugins built against an older API.
 */
public final class MetaAlert {

    private final String metaFlowId;
    private final String event;
    private final String alertState;
    private final String newStatus;
    private final String message;
    private final Instant occurredAt;
    private final Map<String, Object> values;

    private MetaAlert(Builder builder) {
        this.metaFlowId = builder.metaFlowId;
        this.event = builder.event;
        this.alertState = builder.alertState;
        this.newStatus = builder.newStatus;
        this.message = builder.message;
        this.occurredAt = builder.occurredAt;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(builder.values));
    }

    /** An alert to fill in; what is not set is empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** Meta's id of the flow. */
    public String metaFlowId() {
        return metaFlowId;
    }

    /** {@code ENDPOINT_ERROR_RATE}, {@code ENDPOINT_LATENCY}, {@code ENDPOINT_AVAILABILITY}, {@code CLIENT_ERROR_RATE},
     * {@code FLOW_STATUS_CHANGE}, {@code FLOW_VERSION_EXPIRY_WARNING}, or what Meta sent. */
    public String event() {
        return event;
    }

    /** {@code ACTIVATED} or {@code DEACTIVATED} for threshold alerts; empty otherwise. */
    public String alertState() {
        return alertState;
    }

    /** The flow's new status for {@code FLOW_STATUS_CHANGE} (DRAFT, PUBLISHED, DEPRECATED, BLOCKED, THROTTLED); else empty. */
    public String newStatus() {
        return newStatus;
    }

    /** Meta's own sentence about the event (may be empty). */
    public String message() {
        return message;
    }

    /** When Meta says the event happened. */
    public Instant occurredAt() {
        return occurredAt;
    }

    /** The event's whole {@code value} object as plain Java values (String, Boolean, numbers, List, Map). */
    public Map<String, Object> values() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetaAlert that && metaFlowId.equals(that.metaFlowId) && event.equals(that.event)
                && alertState.equals(that.alertState) && newStatus.equals(that.newStatus)
                && message.equals(that.message) && occurredAt.equals(that.occurredAt) && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metaFlowId, event, alertState, newStatus, occurredAt);
    }

    @Override
    public String toString() {
        return "MetaAlert[metaFlowId=" + metaFlowId + ", event=" + event + ", alertState=" + alertState
                + ", newStatus=" + newStatus + ", occurredAt=" + occurredAt + "]";
    }

    /** Collects an alert's values; {@code null} means "not given" for every one of them. */
    public static final class Builder {
        private String metaFlowId = "";
        private String event = "";
        private String alertState = "";
        private String newStatus = "";
        private String message = "";
        private Instant occurredAt = Instant.EPOCH;
        private Map<String, Object> values = Map.of();

        private Builder() {
        }

        public Builder metaFlowId(String metaFlowId) {
            this.metaFlowId = metaFlowId == null ? "" : metaFlowId;
            return this;
        }

        public Builder event(String event) {
            this.event = event == null ? "" : event;
            return this;
        }

        public Builder alertState(String alertState) {
            this.alertState = alertState == null ? "" : alertState;
            return this;
        }

        public Builder newStatus(String newStatus) {
            this.newStatus = newStatus == null ? "" : newStatus;
            return this;
        }

        public Builder message(String message) {
            this.message = message == null ? "" : message;
            return this;
        }

        public Builder occurredAt(Instant occurredAt) {
            this.occurredAt = occurredAt == null ? Instant.EPOCH : occurredAt;
            return this;
        }

        public Builder values(Map<String, Object> values) {
            this.values = values == null ? Map.of() : values;
            return this;
        }

        public MetaAlert build() {
            return new MetaAlert(this);
        }
    }
}
