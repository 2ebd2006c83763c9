package io.flowgate.core.port.out;

import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.InboxCursor;
import io.flowgate.core.domain.InboxEntry;
import io.flowgate.core.domain.InboxEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Completion messages on their way to plugins: written durably before the webhook answers 200, then claimed
 * one message at a time, each with a lease of its own, so exactly one instance works on a message and a
 * crashed instance's claims are taken over once their leases lapse.
 *
 * <p>Each claim counts an attempt. The outcome of an attempt is recorded only by the claim that started it
 * (same owner, same attempt number): when a lease lapsed and the message was claimed again meanwhile, the
 * late outcome is refused and the method returns false. An outcome's {@code flowId} is {@code ""} when the
 * attempt did not get as far as finding the flow; a flow id recorded before is then kept.
 */
public interface WebhookInbox {

    /** Stores the event as pending; returns false when an event with that message id was stored before (a retry). */
    boolean add(String messageId, String payload, Instant now);

    /**
     * Claims up to {@code max} pending events that are due (no live lease, no backoff running), oldest first:
     * counts an attempt, records {@code now} as its start and leases each until {@code leaseUntil}.
     */
    List<InboxEvent> claim(int max, String owner, Instant now, Instant leaseUntil);

    /** The claimed attempt succeeded; the event is kept (for deduplication) until purged. */
    boolean markDelivered(InboxEvent claimed, String owner, String flowId, Instant now);

    /** The claimed attempt failed; the event stays pending and is not claimed again before {@code retryAt}. */
    boolean scheduleRetry(InboxEvent claimed, String owner, String flowId, DeliveryError error, Instant retryAt);

    /** The claimed attempt, the last one allowed, failed: the event becomes a dead letter ({@code failed}). */
    boolean markFailed(InboxEvent claimed, String owner, String flowId, DeliveryError error, Instant now);

    /**
     * When the oldest event still pending (not delivered, not a dead letter) was received: the inbox's lag, for
     * the metrics. Empty when none is pending.
     */
    Optional<Instant> oldestPending();

    /**
     * Events in {@code state}, newest first (by time received, then message id), at most {@code limit}, starting
     * after {@code after} when given.
     */
    List<InboxEntry> list(DeliveryState state, int limit, Optional<InboxCursor> after);

    /**
     * Makes a failed event pending again, due at {@code now}, with its attempts reset to 0 (its last error is
     * kept until the next outcome). Returns the state the event was in, {@code FAILED} meaning it was re-queued;
     * empty when no event has that id.
     */
    Optional<DeliveryState> requeueFailed(String messageId, Instant now);

    /** Deletes delivered events received before {@code cutoff}; returns how many. Failed events stay. */
    int purgeDelivered(Instant cutoff);
}
