package io.flowgate.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One flow token and the session behind it, as stored.
 *
 * @param token       the flow token (the key)
 * @param flowId      the flow it was issued for
 * @param waId        the WhatsApp id it was issued for; empty for tokens first seen in open mode
 * @param context     what the business attached when issuing it
 * @param data        the plugin's session values
 * @param version     incremented by every update; updates name the version they read (optimistic locking)
 * @param issuedAt    when it was issued (or first seen)
 * @param expiresAt   after this instant the token is dead (HTTP 427)
 * @param completedAt when the flow completed, if it did: the token is dead from then on too
 * @param messageId   the id (wamid) of the flow message that carries the token, if the business told us
 * @param journey     the session's path (no values), written with every step's update
 */
public record SessionRecord(String token, FlowId flowId, String waId, Map<String, Object> context,
                            Map<String, Object> data, long version, Instant issuedAt, Instant expiresAt,
                            Optional<Instant> completedAt, String messageId, Journey journey) {

    /** A session that has not been on a journey yet (a token just issued, or first seen). */
    public SessionRecord(String token, FlowId flowId, String waId, Map<String, Object> context,
                         Map<String, Object> data, long version, Instant issuedAt, Instant expiresAt,
                         Optional<Instant> completedAt, String messageId) {
        this(token, flowId, waId, context, data, version, issuedAt, expiresAt, completedAt, messageId, Journey.NONE);
    }

    public SessionRecord {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(flowId, "flowId");
        waId = waId == null ? "" : waId;
        context = Map.copyOf(context);
        data = Map.copyOf(data);
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(completedAt, "completedAt");
        messageId = messageId == null ? "" : messageId;
        Objects.requireNonNull(journey, "journey");
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean isCompleted() {
        return completedAt.isPresent();
    }

    @Override
    public String toString() {
        // Tokens and phone numbers are secrets of the user's conversation: never in logs.
        return "SessionRecord[flow=" + flowId + ", version=" + version + ", expiresAt=" + expiresAt
                + ", completed=" + completedAt.isPresent() + "]";
    }
}
