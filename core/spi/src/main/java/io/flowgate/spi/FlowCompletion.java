package io.flowgate.spi;

import java.util.Map;
import java.util.Objects;

/**
 * The flow's completion message, as WhatsApp delivered it on the messages webhook ({@code nfm_reply}).
 * Delivered to {@link FlowPlugin#onCompletion} once per WhatsApp message, however often Meta retries it.
 *
 * <p>A final class built by {@link #builder()}, not a record, so that it can gain values without breaking
 * plugins built against an older API. {@link #toString()} shows the message id and sizes only: never the
 * token, the user's WhatsApp id (a phone number) or a value.
 */
public final class FlowCompletion {

    private final String flowToken;
    private final String waId;
    private final String messageId;
    private final Map<String, Object> response;
    private final Map<String, Object> session;
    private final Map<String, Object> context;

    private FlowCompletion(Builder builder) {
        this.flowToken = builder.flowToken;
        this.waId = builder.waId;
        this.messageId = builder.messageId;
        this.response = FlowValues.copyOf(builder.response, "response");
        this.session = FlowValues.copyOf(builder.session, "session");
        this.context = FlowValues.copyOf(builder.context, "context");
    }

    /** A completion to fill in; what is not set is empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** The flow token of the finished run. */
    public String flowToken() {
        return flowToken;
    }

    /** The WhatsApp id of the user who completed it (the message's {@code from}). */
    public String waId() {
        return waId;
    }

    /** The id (wamid) of the completion message: the key to make {@link FlowPlugin#onCompletion} idempotent. */
    public String messageId() {
        return messageId;
    }

    /** The parsed {@code response_json}: the params of the SUCCESS answer, or the {@code complete} action's payload. */
    public Map<String, Object> response() {
        return response;
    }

    /** The values the session held when the flow completed. */
    public Map<String, Object> session() {
        return session;
    }

    /** The context attached when the token was issued. */
    public Map<String, Object> context() {
        return context;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FlowCompletion that && flowToken.equals(that.flowToken) && waId.equals(that.waId)
                && messageId.equals(that.messageId) && response.equals(that.response)
                && session.equals(that.session) && context.equals(that.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flowToken, waId, messageId, response, session, context);
    }

    @Override
    public String toString() {
        return "FlowCompletion[messageId=" + messageId + ", response fields=" + response.keySet()
                + ", session values=" + session.size() + ", context values=" + context.size() + "]";
    }

    /** Collects a completion's values; {@code null} means "not given" for every one of them. */
    public static final class Builder {
        private String flowToken = "";
        private String waId = "";
        private String messageId = "";
        private Map<String, ?> response = Map.of();
        private Map<String, ?> session = Map.of();
        private Map<String, ?> context = Map.of();

        private Builder() {
        }

        public Builder flowToken(String flowToken) {
            this.flowToken = flowToken == null ? "" : flowToken;
            return this;
        }

        public Builder waId(String waId) {
            this.waId = waId == null ? "" : waId;
            return this;
        }

        public Builder messageId(String messageId) {
            this.messageId = messageId == null ? "" : messageId;
            return this;
        }

        /** Copied and checked when built, like every map here: {@code null} values are refused with their path. */
        public Builder response(Map<String, ?> response) {
            this.response = response == null ? Map.of() : response;
            return this;
        }

        public Builder session(Map<String, ?> session) {
            this.session = session == null ? Map.of() : session;
            return this;
        }

        public Builder context(Map<String, ?> context) {
            this.context = context == null ? Map.of() : context;
            return this;
        }

        public FlowCompletion build() {
            return new FlowCompletion(this);
        }
    }
}
