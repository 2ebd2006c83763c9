package io.flowgate.core.port.out;

import io.flowgate.core.domain.InboxEvent;

import java.time.Instant;
import java.util.List;

/**
 * Completion messages waiting for delivery to plugins: written durably before the webhook answers 200, then
 * claimed by exactly one instance at a time, with a lease, so a crashed instance's claims are taken over.
 */
public interface WebhookInbox {

    /** Stores the event; returns false when an event with that message id was stored before (a retry). */
    boolean add(String messageId, String payload, Instant now);

    /** Claims up to {@code max} undelivered events whose lease is free, leasing them until {@code leaseUntil}. */
    List<InboxEvent> claim(int max, String owner, Instant now, Instant leaseUntil);

    /** Marks a claimed event delivered; it is kept (for deduplication) until purged. */
    void markDelivered(String messageId, Instant now);

    /** Deletes delivered events received before {@code cutoff}; returns how many. */
    int purgeDelivered(Instant cutoff);
}
