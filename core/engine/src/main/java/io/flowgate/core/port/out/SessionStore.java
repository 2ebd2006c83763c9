package io.flowgate.core.port.out;

import io.flowgate.core.domain.SessionRecord;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Flow tokens and their sessions. Every method is atomic; implementations are shared by all instances. */
public interface SessionStore {

    /** Stores a new token; returns false when the token exists already (nothing is changed). */
    boolean insert(SessionRecord session);

    Optional<SessionRecord> find(String token);

    /**
     * Replaces the session data if the stored version is still {@code expectedVersion}, and increments the
     * version; when {@code complete}, also marks the session completed at {@code now}. Returns false, changing
     * nothing, when another writer got there first.
     */
    boolean update(String token, long expectedVersion, Map<String, Object> data, boolean complete, Instant now);

    /** Marks the session completed at {@code now} unless it is already; returns false when it was already. */
    boolean markCompleted(String token, Instant now);

    /** Remembers the id of the flow message that carries the token (the completion webhook's fallback key). */
    boolean attachMessageId(String token, String messageId);

    Optional<SessionRecord> findByMessageId(String messageId);

    /** Deletes sessions that expired, or completed, before {@code cutoff}; returns how many. */
    int purgeSessions(Instant cutoff);
}
