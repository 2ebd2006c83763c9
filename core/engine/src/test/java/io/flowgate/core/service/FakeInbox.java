package io.flowgate.core.service;

import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.InboxCursor;
import io.flowgate.core.domain.InboxEntry;
import io.flowgate.core.domain.InboxEvent;
import io.flowgate.core.port.out.WebhookInbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The inbox in a map, for core's tests: it records every claim and every outcome, in order. */
final class FakeInbox implements WebhookInbox {

    record Claim(int max, Instant now, Instant leaseUntil, List<String> messageIds) {
    }

    record Outcome(DeliveryState state, String messageId, int attempt, String flowId, Optional<DeliveryError> error,
                   Instant at) {
    }

    static final class Row {
        final String messageId;
        final String payload;
        final Instant receivedAt;
        DeliveryState state = DeliveryState.PENDING;
        int attempts;
        String owner = "";
        Instant due = Instant.MIN;
        String flowId = "";
        Optional<DeliveryError> error = Optional.empty();
        Optional<Instant> lastAttemptAt = Optional.empty();
        Optional<Instant> finishedAt = Optional.empty();

        Row(String messageId, String payload, Instant receivedAt) {
            this.messageId = messageId;
            this.payload = payload;
            this.receivedAt = receivedAt;
        }
    }

    final Map<String, Row> rows = new LinkedHashMap<>();
    final List<Claim> claims = new ArrayList<>();
    final List<Instant> purgeCutoffs = new ArrayList<>();
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();

    /** The next recorded outcome, waiting for it for up to 5 s. */
    Outcome nextOutcome() throws InterruptedException {
        Outcome outcome = outcomes.poll(5, TimeUnit.SECONDS);
        if (outcome == null) {
            throw new AssertionError("no delivery outcome was recorded within 5 s");
        }
        return outcome;
    }

    synchronized Row row(String messageId) {
        return rows.get(messageId);
    }

    synchronized List<Claim> claims() {
        return List.copyOf(claims);
    }

    @Override
    public synchronized boolean add(String messageId, String payload, Instant now) {
        return rows.putIfAbsent(messageId, new Row(messageId, payload, now)) == null;
    }

    @Override
    public synchronized List<InboxEvent> claim(int max, String owner, Instant now, Instant leaseUntil) {
        List<InboxEvent> claimed = new ArrayList<>();
        for (Row row : rows.values()) {
            if (claimed.size() < max && row.state == DeliveryState.PENDING && !row.due.isAfter(now)) {
                row.attempts++;
                row.owner = owner;
                row.due = leaseUntil;
                row.lastAttemptAt = Optional.of(now);
                claimed.add(new InboxEvent(row.messageId, row.payload, row.receivedAt, row.attempts));
            }
        }
        claims.add(new Claim(max, now, leaseUntil, claimed.stream().map(InboxEvent::messageId).toList()));
        return claimed;
    }

    @Override
    public synchronized boolean markDelivered(InboxEvent claimed, String owner, String flowId, Instant now) {
        return finish(claimed, owner, flowId, DeliveryState.DELIVERED, Optional.empty(), now, now);
    }

    @Override
    public synchronized boolean scheduleRetry(InboxEvent claimed, String owner, String flowId, DeliveryError error,
                                              Instant retryAt) {
        return finish(claimed, owner, flowId, DeliveryState.PENDING, Optional.of(error), retryAt, retryAt);
    }

    @Override
    public synchronized boolean markFailed(InboxEvent claimed, String owner, String flowId, DeliveryError error,
                                           Instant now) {
        return finish(claimed, owner, flowId, DeliveryState.FAILED, Optional.of(error), now, now);
    }

    private boolean finish(InboxEvent claimed, String owner, String flowId, DeliveryState state,
                           Optional<DeliveryError> error, Instant due, Instant at) {
        Row row = rows.get(claimed.messageId());
        if (row == null || row.state != DeliveryState.PENDING || !row.owner.equals(owner)
                || row.attempts != claimed.attempts()) {
            return false;
        }
        row.state = state;
        row.owner = "";
        row.due = due;
        if (!flowId.isEmpty()) {
            row.flowId = flowId;
        }
        if (error.isPresent()) {
            row.error = error;
        }
        if (state != DeliveryState.PENDING) {
            row.finishedAt = Optional.of(at);
        }
        outcomes.add(new Outcome(state, row.messageId, claimed.attempts(), row.flowId, error, at));
        return true;
    }

    @Override
    public synchronized List<InboxEntry> list(DeliveryState state, int limit, Optional<InboxCursor> after) {
        return rows.values().stream()
                .filter(row -> row.state == state)
                .map(row -> new InboxEntry(row.messageId, row.flowId, row.state, row.attempts, row.error, row.receivedAt,
                        row.lastAttemptAt, row.state == DeliveryState.PENDING ? Optional.of(row.due) : Optional.empty(),
                        row.finishedAt))
                .filter(entry -> after.map(cursor -> cursor.precedes(entry)).orElse(true))
                .sorted(Comparator.comparing(InboxEntry::receivedAt).thenComparing(InboxEntry::messageId).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<DeliveryState> requeueFailed(String messageId, Instant now) {
        Row row = rows.get(messageId);
        if (row == null) {
            return Optional.empty();
        }
        DeliveryState before = row.state;
        if (before == DeliveryState.FAILED) {
            row.state = DeliveryState.PENDING;
            row.attempts = 0;
            row.due = now;
            row.finishedAt = Optional.empty();
        }
        return Optional.of(before);
    }

    @Override
    public synchronized java.util.Optional<Instant> oldestPending() {
        return java.util.Optional.empty();
    }

    @Override
    public synchronized int purgeDelivered(Instant cutoff) {
        purgeCutoffs.add(cutoff);
        return 0;
    }
}
