package io.flowgate.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A decrypted request for a flow's next step.
 *
 * <p>A final class built by {@link #of} or {@link #builder}, not a record: a record's canonical constructor
 * and its deconstruction pattern change with every component, so adding one would break every plugin
 * built against an older API. New values arrive here as new accessors and new builder methods only.
 *
 * <p>{@link #toString()} names the action, the screen and the field names, never a value or the token:
 * requests end up in logs.
 */
public final class FlowRequest {

    private final FlowAction action;
    private final String screen;
    private final Map<String, Object> data;
    private final String flowToken;
    private final String version;
    private final FlowSession session;
    private final MediaAccess mediaAccess;

    private FlowRequest(Builder builder) {
        this.action = builder.action;
        this.screen = builder.screen;
        this.data = FlowValues.copyOf(builder.data, "data");
        this.flowToken = builder.flowToken;
        this.version = builder.version;
        this.session = builder.session == null ? FlowSession.detached(flowToken) : builder.session;
        this.mediaAccess = builder.mediaAccess;
    }

    /** A request as WhatsApp would send it with data API version 3.0; handy in plugin tests. */
    public static FlowRequest of(FlowAction action, String screen, Map<String, ?> data, String flowToken) {
        return builder(action).screen(screen).data(data).flowToken(flowToken).build();
    }

    /**
     * A request to fill in field by field; what is not set is empty (the version is {@code "3.0"}, the
     * session a detached one, media cannot be fetched).
     */
    public static Builder builder(FlowAction action) {
        return new Builder(action);
    }

    /** A builder holding this request's values, to derive a request that differs in some of them. */
    public Builder toBuilder() {
        return builder(action).screen(screen).data(data).flowToken(flowToken).version(version)
                .session(session).mediaAccess(mediaAccess);
    }

    /** Why the endpoint was called. */
    public FlowAction action() {
        return action;
    }

    /** The screen the request comes from; empty for {@code INIT}, the screen being left for {@code BACK}. */
    public String screen() {
        return screen;
    }

    /**
     * The submitted values: for {@code data_exchange} exactly the action's {@code payload} from the Flow JSON;
     * often empty for {@code INIT} and {@code BACK}. Values are {@code String}, {@code Boolean}, {@code Long},
     * {@code Double}, {@code java.math.BigInteger}, {@code java.math.BigDecimal}, {@code List} or {@code Map}
     * of those; never {@code null} (a {@code null} the client sent arrives as an absent key).
     */
    public Map<String, Object> data() {
        return data;
    }

    /** The token the business put into the flow message; empty when the client sent none. */
    public String flowToken() {
        return flowToken;
    }

    /** The data API version the client used ({@code "3.0"} or {@code "4.0"}). */
    public String version() {
        return version;
    }

    /** The state of this run of the flow: read and change it; the host saves it. */
    public FlowSession session() {
        return session;
    }

    /** How {@link #media(String)} fetches uploaded files. */
    public MediaAccess mediaAccess() {
        return mediaAccess;
    }

    /**
     * The files uploaded in a PhotoPicker or DocumentPicker field (its value in the action's payload, e.g.
     * {@code "photo": "${form.photo}"}); empty when the field is absent.
     *
     * @throws MediaException with {@link MediaException.Reason#INVALID_METADATA} when the field is not a list of
     *                        media items
     */
    public List<FlowMedia> media(String field) throws MediaException {
        Object value = data.get(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new MediaException(MediaException.Reason.INVALID_METADATA, "\"" + field + "\" is not a list of media items");
        }
        List<FlowMedia> media = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new MediaException(MediaException.Reason.INVALID_METADATA, "\"" + field + "\" holds something else than media items");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            media.add(mediaAccess.media(typed));
        }
        return List.copyOf(media);
    }

    /** The value of a submitted field as text, if it is present and is text. */
    public Optional<String> text(String field) {
        return TypedValues.text(data.get(field));
    }

    /** A submitted whole number (or text holding one, as a numeric TextInput sends it). */
    public Optional<Long> integer(String field) {
        return TypedValues.integer(data.get(field));
    }

    /** A submitted number, exactly (or text holding one). */
    public Optional<java.math.BigDecimal> decimal(String field) {
        return TypedValues.decimal(data.get(field));
    }

    /** A submitted boolean (an OptIn, say), or the text "true"/"false". */
    public Optional<Boolean> bool(String field) {
        return TypedValues.bool(data.get(field));
    }

    /** A DatePicker's value: {@code "2026-12-24"}, or the epoch milliseconds older Flow JSON versions send. */
    public Optional<java.time.LocalDate> date(String field) {
        return TypedValues.date(data.get(field));
    }

    /** A submitted list (CheckboxGroup, ChipsSelector, pickers). */
    public Optional<List<Object>> list(String field) {
        return TypedValues.list(data.get(field));
    }

    /** A submitted object. */
    public Optional<Map<String, Object>> map(String field) {
        return TypedValues.map(data.get(field));
    }

    /**
     * Equal when WhatsApp sent the same thing: action, screen, data, token and version. The session and the
     * media access are the host's collaborators, not part of what was sent.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof FlowRequest that && action == that.action && screen.equals(that.screen)
                && data.equals(that.data) && flowToken.equals(that.flowToken) && version.equals(that.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, screen, data, flowToken, version);
    }

    @Override
    public String toString() {
        return "FlowRequest[action=" + action.wireName() + ", screen=" + screen + ", version=" + version
                + ", data fields=" + data.keySet() + "]";
    }

    /** Collects a request's values; {@code null} means "not given" for every one of them. */
    public static final class Builder {
        private final FlowAction action;
        private String screen = "";
        private Map<String, ?> data = Map.of();
        private String flowToken = "";
        private String version = "3.0";
        private FlowSession session;
        private MediaAccess mediaAccess = MediaAccess.NONE;

        private Builder(FlowAction action) {
            this.action = Objects.requireNonNull(action, "action");
        }

        public Builder screen(String screen) {
            this.screen = screen == null ? "" : screen;
            return this;
        }

        /** Copied and checked when the request is built: {@code null} values are refused with their path. */
        public Builder data(Map<String, ?> data) {
            this.data = data == null ? Map.of() : data;
            return this;
        }

        public Builder flowToken(String flowToken) {
            this.flowToken = flowToken == null ? "" : flowToken;
            return this;
        }

        public Builder version(String version) {
            this.version = version == null ? "" : version;
            return this;
        }

        /** Without one, the request gets a detached, empty session for its token. */
        public Builder session(FlowSession session) {
            this.session = session;
            return this;
        }

        public Builder mediaAccess(MediaAccess mediaAccess) {
            this.mediaAccess = mediaAccess == null ? MediaAccess.NONE : mediaAccess;
            return this;
        }

        public FlowRequest build() {
            return new FlowRequest(this);
        }
    }
}
