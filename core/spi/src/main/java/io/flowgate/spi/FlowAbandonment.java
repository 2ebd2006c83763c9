package io.flowgate.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A session the user left: not completed, and no step for the host's abandon-after time
 * ({@code flowgate.sessions.abandon-after}). Handed to {@link FlowPlugin#onAbandoned} once per abandonment, so
 * the business can send a reminder.
 *
 * <p>A final class built by {@link #builder()}, not a record, so that it can gain values without breaking
 * plugins built against an older API. {@link #toString()} shows the screen and sizes only: never the token,
 * the user's WhatsApp id (a phone number) or a value.
 */
public final class FlowAbandonment {

    private final String flowToken;
    private final String flowId;
    private final String screen;
    private final String waId;
    private final Instant abandonedAt;
    private final Map<String, Object> session;
    private final Map<String, Object> context;

    private FlowAbandonment(Builder builder) {
        this.flowToken = builder.flowToken;
        this.flowId = builder.flowId;
        this.screen = builder.screen;
        this.waId = builder.waId;
        this.abandonedAt = builder.abandonedAt;
        this.session = FlowValues.copyOf(builder.session, "session");
        this.context = FlowValues.copyOf(builder.context, "context");
    }

    /** An abandonment to fill in; what is not set is empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** The flow token of the session; still live, so a reminder can bring the user back to it. */
    public String flowToken() {
        return flowToken;
    }

    public String flowId() {
        return flowId;
    }

    /** The screen the user stopped at. */
    public String screen() {
        return screen;
    }

    /** The WhatsApp id the token was issued for; empty for tokens first seen in open mode. */
    public String waId() {
        return waId;
    }

    /** When the session was found abandoned (the same on every retry of the call). */
    public Instant abandonedAt() {
        return abandonedAt;
    }

    /** The values the session held. */
    public Map<String, Object> session() {
        return session;
    }

    /** The context attached when the token was issued. */
    public Map<String, Object> context() {
        return context;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FlowAbandonment that && flowToken.equals(that.flowToken) && flowId.equals(that.flowId)
                && screen.equals(that.screen) && waId.equals(that.waId) && abandonedAt.equals(that.abandonedAt)
                && session.equals(that.session) && context.equals(that.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flowToken, flowId, screen, waId, abandonedAt, session, context);
    }

    @Override
    public String toString() {
        return "FlowAbandonment[flow=" + flowId + ", screen=" + screen + ", abandonedAt=" + abandonedAt
                + ", session values=" + session.size() + ", context values=" + context.size() + "]";
    }

    /** Collects an abandonment's values; {@code null} means "not given" for every one of them. */
    public static final class Builder {
        private String flowToken = "";
        private String flowId = "";
        private String screen = "";
        private String waId = "";
        private Instant abandonedAt = Instant.EPOCH;
        private Map<String, ?> session = Map.of();
        private Map<String, ?> context = Map.of();

        private Builder() {
        }

        public Builder flowToken(String flowToken) {
            this.flowToken = flowToken == null ? "" : flowToken;
            return this;
        }

        public Builder flowId(String flowId) {
            this.flowId = flowId == null ? "" : flowId;
            return this;
        }

        public Builder screen(String screen) {
            this.screen = screen == null ? "" : screen;
            return this;
        }

        public Builder waId(String waId) {
            this.waId = waId == null ? "" : waId;
            return this;
        }

        public Builder abandonedAt(Instant abandonedAt) {
            this.abandonedAt = abandonedAt == null ? Instant.EPOCH : abandonedAt;
            return this;
        }

        /** Copied and checked when built: {@code null} values are refused with their path. */
        public Builder session(Map<String, ?> session) {
            this.session = session == null ? Map.of() : session;
            return this;
        }

        public Builder context(Map<String, ?> context) {
            this.context = context == null ? Map.of() : context;
            return this;
        }

        public FlowAbandonment build() {
            return new FlowAbandonment(this);
        }
    }
}
