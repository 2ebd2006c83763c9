package io.flowgate.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What operators see of a stored completion message: its delivery state and history, never its payload (the
 * user's answers and phone number stay in the store).
 *
 * @param flowId        the flow it belongs to, {@code ""} until an attempt has matched it to a session
 * @param attempts      attempts started since it was stored or last retried by an operator
 * @param lastError     why the latest failed attempt failed
 * @param lastAttemptAt when the latest attempt started
 * @param nextAttemptAt for a pending message: the earliest time an attempt may start (after a failure's
 *                      backoff, or when the lease of the attempt running now lapses)
 * @param finishedAt    for a delivered or failed message: when it became so
 */
public record InboxEntry(String messageId, String flowId, DeliveryState state, int attempts,
                         Optional<DeliveryError> lastError, Instant receivedAt, Optional<Instant> lastAttemptAt,
                         Optional<Instant> nextAttemptAt, Optional<Instant> finishedAt) {
    public InboxEntry {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(lastAttemptAt, "lastAttemptAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }
}
