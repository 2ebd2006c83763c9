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
