package io.flowgate.core.port.out;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.AbandonedSession;
import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.Journey;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.domain.StartedSession;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flow tokens and their sessions. Every method is atomic; implementations are shared by all instances.
 *
 * <p>The methods a data-endpoint step calls take the request's {@link Deadline}: they return or fail by it
 * (a stalled database must not hold a request past the moment Meta gives up), and a call that fails with
 * {@link DeadlineExceededException} has changed nothing. The methods without one serve the admin API and the
 * webhook, and are bounded by the adapter's own timeouts.
 */
public interface SessionStore {

    /** Stores a new token; returns false when the token exists already (nothing is changed). */
    boolean insert(SessionRecord session);

    /** {@link #insert(SessionRecord)} within a request's deadline. */
    boolean insert(SessionRecord session, Deadline deadline) throws DeadlineExceededException;

    Optional<SessionRecord> find(String token);

    /** {@link #find(String)} within a request's deadline. */
    Optional<SessionRecord> find(String token, Deadline deadline) throws DeadlineExceededException;

    /**
     * Replaces the session data and its journey (all but its {@link Journey#abandonment()}, which only the
     * abandonment calls below write) if the stored version is still {@code expectedVersion}, and increments the
     * version; when {@code complete}, also marks the session completed at {@code now}. One statement: the path
     * costs no round trip of its own. Returns false, changing nothing, when another writer got there first.
     * Throws, changing nothing, when it cannot commit before the deadline: an update is never committed after
     * its request was answered with an error.
     */
    boolean update(String token, long expectedVersion, Map<String, Object> data, Journey journey, boolean complete,
                   Instant now, Deadline deadline) throws DeadlineExceededException;

    /** Marks the session completed at {@code now} unless it is already; returns false when it was already. */
    boolean markCompleted(String token, Instant now);

    /** Remembers the id of the flow message that carries the token (the completion webhook's fallback key). */
    boolean attachMessageId(String token, String messageId);

    Optional<SessionRecord> findByMessageId(String messageId);

    /**
     * Ends a token that was never handed out (its flow message could not be sent): it expires at {@code now},
     * so every later request with it gets 427. Returns false, changing nothing, when the token is unknown,
     * completed or expired already.
     */
    boolean revoke(String token, Instant now);

    /** Deletes sessions that expired, or completed, before {@code cutoff}; returns how many. Their journeys go with them. */
    int purgeSessions(Instant cutoff);

    /** The sessions of {@code flowId} whose first step was at or after {@code since}, with their journeys, not their values. */
    List<StartedSession> startedSince(FlowId flowId, Instant since);

    /**
     * Claims up to {@code max} sessions whose abandonment hook is due, each for one attempt leased to
     * {@code owner} until {@code leaseUntil}; only one instance's claim of a session succeeds. Due are:
     * <ul>
     *   <li>sessions not completed whose latest step was at or before {@code now - abandonAfter}, whose token
     *       did not expire before that moment, and which were not claimed since that step (a first attempt:
     *       the session is marked abandoned at {@code now} at its current screen);</li>
     *   <li>pending claims whose lease or backoff ended by {@code now}, unless the session was completed or had a
     *       step since it was claimed (a further attempt).</li>
     * </ul>
     */
    List<AbandonedSession> claimAbandoned(Duration abandonAfter, int max, String owner, Instant now, Instant leaseUntil);

    /** The claimed attempt succeeded. False when the claim is no longer this one's (its lease lapsed, or a step came). */
    boolean markAbandonmentDelivered(AbandonedSession claimed, String owner);

    /** The claimed attempt failed; the hook is due again at {@code retryAt}. */
    boolean scheduleAbandonmentRetry(AbandonedSession claimed, String owner, DeliveryError error, Instant retryAt);

    /** The claimed attempt, the last allowed, failed: the claim is a dead letter ({@code failed}). */
    boolean markAbandonmentFailed(AbandonedSession claimed, String owner, DeliveryError error);
}
