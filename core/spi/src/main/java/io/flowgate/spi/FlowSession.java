package io.flowgate.spi;

import java.util.Map;
import java.util.Optional;

/**
 * The state of one user's run through a flow, keyed by its flow token. It lives as long as the token: every
 * step of the flow sees what earlier steps stored, on whichever server instance they ran. The host saves
 * the changes a step makes when the step returns; if another instance changed the session meanwhile, the
 * host re-runs the step on the fresh session, so no update is lost (handlers should therefore be free of
 * side effects they cannot repeat, or make them idempotent).
 */
public interface FlowSession {

    /** The flow token this session belongs to. */
    String flowToken();

    /** The WhatsApp id the token was issued for; empty when the token was not issued by Flowgate. */
    String waId();

    /** The context the business attached when it issued the token (read-only). */
    Map<String, Object> context();

    /** A read-only snapshot of the values stored so far. */
    Map<String, Object> values();

    /** One stored value. */
    default Optional<Object> get(String key) {
        return Optional.ofNullable(values().get(key));
    }

    /** A stored value as text. */
    default Optional<String> text(String key) {
        return TypedValues.text(values().get(key));
    }

    /** A stored whole number. */
    default Optional<Long> integer(String key) {
        return TypedValues.integer(values().get(key));
    }

    /** A stored number, exactly. */
    default Optional<java.math.BigDecimal> decimal(String key) {
        return TypedValues.decimal(values().get(key));
    }

    /** A stored boolean. */
    default Optional<Boolean> bool(String key) {
        return TypedValues.bool(values().get(key));
    }

    /** A stored date, as {@link FlowRequest#date(String)} reads it. */
    default Optional<java.time.LocalDate> date(String key) {
        return TypedValues.date(values().get(key));
    }

    /** A stored list. */
    default Optional<java.util.List<Object>> list(String key) {
        return TypedValues.list(values().get(key));
    }

    /** A stored object. */
    default Optional<Map<String, Object>> map(String key) {
        return TypedValues.map(values().get(key));
    }

    /** Stores a value (String, Boolean, number, List or Map of those; never null). */
    void put(String key, Object value);

    void remove(String key);

    /** A session over a copy of {@code values}: what the host hands to plugins, and what plugin tests use. */
    static FlowSession of(String flowToken, String waId, Map<String, ?> context, Map<String, ?> values) {
        return new MapFlowSession(flowToken, waId, FlowValues.copyOf(context, "context"),
                FlowValues.copyOf(values, "session"));
    }

    /** An empty session that belongs to no store: for plugin unit tests. */
    static FlowSession detached(String flowToken) {
        return of(flowToken, "", Map.of(), Map.of());
    }
}
