package io.flowgate.storage.memory;

import io.flowgate.core.domain.Abandonment;
import io.flowgate.core.domain.AbandonedSession;
import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.InboxCursor;
import io.flowgate.core.domain.InboxEntry;
import io.flowgate.core.domain.InboxEvent;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.Journey;
import io.flowgate.core.domain.StartedSession;
import io.flowgate.core.domain.ReceivedMetaAlert;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.port.out.StateStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions, the webhook inbox and Meta's alerts in the heap of one process. Every method holds the store's lock for a few
 * map operations only, so the semantics match the database adapters exactly (the contract tests check it).
 */
public final class MemoryStateStore implements StateStore {

    private final Map<String, SessionRecord> sessions = new HashMap<>();
    private final Map<String, Event> events = new LinkedHashMap<>();
    /** Who holds each session's abandonment claim and until when (a backoff has no owner). */
    private final Map<String, Lease> leases = new HashMap<>();

    private record Lease(String owner, Instant until) {
    }
    private final MemoryMetaAlerts alerts = new MemoryMetaAlerts();

    private static final class Event {
        final String messageId;
        final String payload;
        final Instant receivedAt;
        DeliveryState state = DeliveryState.PENDING;
        int attempts;
        String leaseOwner = "";
        /** Not claimable before: the end of the running attempt's lease, or of a failure's backoff. */
        Instant dueAt = Instant.MIN;
        String flowId = "";
        Optional<DeliveryError> lastError = Optional.empty();
        Optional<Instant> lastAttemptAt = Optional.empty();
        Optional<Instant> finishedAt = Optional.empty();

        Event(String messageId, String payload, Instant receivedAt) {
            this.messageId = messageId;
            this.payload = payload;
            this.receivedAt = receivedAt;
        }

        InboxEntry entry() {
            return new InboxEntry(messageId, flowId, state, attempts, lastError, receivedAt, lastAttemptAt,
                    state == DeliveryState.PENDING ? Optional.of(dueAt.isAfter(receivedAt) ? dueAt : receivedAt)
                            : Optional.empty(), finishedAt);
        }
    }

    @Override
    public synchronized boolean insert(SessionRecord session) {
        return sessions.putIfAbsent(session.token(), session) == null;
    }

    @Override
    public synchronized boolean insert(SessionRecord session, Deadline deadline) throws DeadlineExceededException {
        requireTime(deadline, "inserting a session");
        return insert(session);
    }

    @Override
    public synchronized Optional<SessionRecord> find(String token) {
        return Optional.ofNullable(sessions.get(token));
    }

    @Override
    public synchronized Optional<SessionRecord> find(String token, Deadline deadline) throws DeadlineExceededException {
        requireTime(deadline, "reading a session");
        return find(token);
    }

    /** The heap never stalls, but a call that starts after the deadline still fails, as with every store. */
    private static void requireTime(Deadline deadline, String what) throws DeadlineExceededException {
        if (deadline.passed()) {
            throw new DeadlineExceededException("before the memory store started " + what + "; nothing was changed");
        }
    }

    @Override
    public synchronized boolean update(String token, long expectedVersion, Map<String, Object> data, Journey journey,
                                       boolean complete, Instant now, Deadline deadline) throws DeadlineExceededException {
        requireTime(deadline, "updating a session");
        SessionRecord current = sessions.get(token);
        if (current == null || current.version() != expectedVersion) {
            return false;
        }
        sessions.put(token, new SessionRecord(token, current.flowId(), current.waId(), current.context(), data,
                expectedVersion + 1, current.issuedAt(), current.expiresAt(),
                complete && current.completedAt().isEmpty() ? Optional.of(now) : current.completedAt(), current.messageId(),
                journey.withAbandonment(current.journey().abandonment())));
        return true;
    }

    @Override
    public synchronized boolean markCompleted(String token, Instant now) {
        SessionRecord current = sessions.get(token);
        if (current == null || current.isCompleted()) {
            return false;
        }
        sessions.put(token, new SessionRecord(token, current.flowId(), current.waId(), current.context(), current.data(),
                current.version() + 1, current.issuedAt(), current.expiresAt(), Optional.of(now), current.messageId(),
                current.journey()));
        return true;
    }

    @Override
    public synchronized boolean attachMessageId(String token, String messageId) {
        SessionRecord current = sessions.get(token);
        if (current == null) {
            return false;
        }
        sessions.put(token, new SessionRecord(token, current.flowId(), current.waId(), current.context(), current.data(),
                current.version(), current.issuedAt(), current.expiresAt(), current.completedAt(), messageId,
                current.journey()));
        return true;
    }

    @Override
    public synchronized boolean revoke(String token, Instant now) {
        SessionRecord current = sessions.get(token);
        if (current == null || current.isCompleted() || current.isExpired(now)) {
            return false;
        }
        sessions.put(token, new SessionRecord(token, current.flowId(), current.waId(), current.context(), current.data(),
                current.version() + 1, current.issuedAt(), now, current.completedAt(), current.messageId()));
        return true;
    }

    @Override
    public synchronized Optional<SessionRecord> findByMessageId(String messageId) {
        return sessions.values().stream().filter(s -> s.messageId().equals(messageId)).findFirst();
    }

    @Override
    public synchronized int purgeSessions(Instant cutoff) {
        int before = sessions.size();
        sessions.values().removeIf(s -> s.expiresAt().isBefore(cutoff)
                || s.completedAt().map(at -> at.isBefore(cutoff)).orElse(false));
        leases.keySet().retainAll(sessions.keySet());
        return before - sessions.size();
    }

    @Override
    public synchronized List<StartedSession> startedSince(FlowId flowId, Instant since) {
        return sessions.values().stream()
                .filter(s -> s.flowId().equals(flowId)
                        && s.journey().startedAt().map(started -> !started.isBefore(since)).orElse(false))
                .map(StartedSession::of)
                .toList();
    }

    @Override
    public synchronized List<AbandonedSession> claimAbandoned(Duration abandonAfter, int max, String owner, Instant now,
                                                              Instant leaseUntil) {
        Instant idleBefore = now.minus(abandonAfter);
        List<SessionRecord> due = sessions.values().stream()
                .filter(s -> newlyAbandoned(s, abandonAfter, idleBefore) || retryDue(s, now))
                .sorted(Comparator.comparing((SessionRecord s) -> s.journey().lastStepAt().orElseThrow())
                        .thenComparing(SessionRecord::token))
                .limit(max)
                .toList();
        List<AbandonedSession> claimed = new ArrayList<>();
        for (SessionRecord session : due) {
            Journey journey = session.journey();
            Abandonment claim = newlyAbandoned(session, abandonAfter, idleBefore)
                    ? new Abandonment(now, journey.currentScreen(), DeliveryState.PENDING, 1, Optional.empty())
                    : next(journey.abandonment().orElseThrow());
            put(session, journey.withAbandonment(Optional.of(claim)));
            leases.put(session.token(), new Lease(owner, leaseUntil));
            claimed.add(new AbandonedSession(session.token(), session.flowId(), session.waId(), session.context(),
                    session.data(), claim.screen(), claim.at(), claim.attempts()));
        }
        return claimed;
    }

    private boolean newlyAbandoned(SessionRecord s, Duration abandonAfter, Instant idleBefore) {
        Journey journey = s.journey();
        if (s.isCompleted() || journey.lastStepAt().isEmpty()) {
            return false;
        }
        Instant last = journey.lastStepAt().get();
        return !last.isAfter(idleBefore) && s.expiresAt().isAfter(last.plus(abandonAfter))
                && journey.abandonment().map(claim -> claim.at().isBefore(last)).orElse(true);
    }

    private boolean retryDue(SessionRecord s, Instant now) {
        Optional<Abandonment> claim = s.journey().abandonment();
        Lease lease = leases.get(s.token());
        return claim.isPresent() && claim.get().state() == DeliveryState.PENDING && !s.isCompleted()
                && !s.journey().lastStepAt().orElseThrow().isAfter(claim.get().at())
                && (lease == null || !lease.until().isAfter(now));
    }

    private static Abandonment next(Abandonment claim) {
        return new Abandonment(claim.at(), claim.screen(), DeliveryState.PENDING, claim.attempts() + 1, claim.lastError());
    }

    private void put(SessionRecord s, Journey journey) {
        sessions.put(s.token(), new SessionRecord(s.token(), s.flowId(), s.waId(), s.context(), s.data(), s.version(),
                s.issuedAt(), s.expiresAt(), s.completedAt(), s.messageId(), journey));
    }

    @Override
    public synchronized boolean markAbandonmentDelivered(AbandonedSession claimed, String owner) {
        return finishAbandonment(claimed, owner, DeliveryState.DELIVERED, Optional.empty(), null);
    }

    @Override
    public synchronized boolean scheduleAbandonmentRetry(AbandonedSession claimed, String owner, DeliveryError error,
                                                         Instant retryAt) {
        return finishAbandonment(claimed, owner, DeliveryState.PENDING, Optional.of(error), retryAt);
    }

    @Override
    public synchronized boolean markAbandonmentFailed(AbandonedSession claimed, String owner, DeliveryError error) {
        return finishAbandonment(claimed, owner, DeliveryState.FAILED, Optional.of(error), null);
    }

    /** Only the claim that started the attempt records its outcome: same owner, same attempt, same abandonment. */
    private boolean finishAbandonment(AbandonedSession claimed, String owner, DeliveryState state,
                                      Optional<DeliveryError> error, Instant retryAt) {
        SessionRecord session = sessions.get(claimed.token());
        Lease lease = leases.get(claimed.token());
        if (session == null || lease == null || !lease.owner().equals(owner)) {
            return false;
        }
        Optional<Abandonment> current = session.journey().abandonment();
        if (current.isEmpty() || current.get().state() != DeliveryState.PENDING
                || current.get().attempts() != claimed.attempts() || !current.get().at().equals(claimed.abandonedAt())) {
            return false;
        }
        Abandonment claim = current.get();
        put(session, session.journey().withAbandonment(Optional.of(new Abandonment(claim.at(), claim.screen(), state,
                claim.attempts(), error.isPresent() ? error : claim.lastError()))));
        if (retryAt != null) {
            leases.put(claimed.token(), new Lease("", retryAt));
        } else {
            leases.remove(claimed.token());
        }
        return true;
    }

    @Override
    public synchronized boolean add(String messageId, String payload, Instant now) {
        return events.putIfAbsent(messageId, new Event(messageId, payload, now)) == null;
    }

    @Override
    public synchronized List<InboxEvent> claim(int max, String owner, Instant now, Instant leaseUntil) {
        List<InboxEvent> due = new ArrayList<>();
        events.values().stream()
                .filter(event -> event.state == DeliveryState.PENDING && !event.dueAt.isAfter(now))
                .sorted(Comparator.comparing((Event event) -> event.receivedAt).thenComparing(event -> event.messageId))
                .limit(max)
                .forEach(event -> {
                    event.attempts++;
                    event.leaseOwner = owner;
                    event.dueAt = leaseUntil;
                    event.lastAttemptAt = Optional.of(now);
                    due.add(new InboxEvent(event.messageId, event.payload, event.receivedAt, event.attempts));
                });
        return due;
    }

    @Override
    public synchronized boolean markDelivered(InboxEvent claimed, String owner, String flowId, Instant now) {
        return finish(claimed, owner, flowId, DeliveryState.DELIVERED, Optional.empty(), now);
    }

    @Override
    public synchronized boolean scheduleRetry(InboxEvent claimed, String owner, String flowId, DeliveryError error,
                                              Instant retryAt) {
        return finish(claimed, owner, flowId, DeliveryState.PENDING, Optional.of(error), retryAt);
    }

    @Override
    public synchronized boolean markFailed(InboxEvent claimed, String owner, String flowId, DeliveryError error,
                                           Instant now) {
        return finish(claimed, owner, flowId, DeliveryState.FAILED, Optional.of(error), now);
    }

    /** Records the outcome of the claim that started the attempt; a claim whose lease was taken over is refused. */
    private boolean finish(InboxEvent claimed, String owner, String flowId, DeliveryState state,
                           Optional<DeliveryError> error, Instant at) {
        Event event = events.get(claimed.messageId());
        if (event == null || event.state != DeliveryState.PENDING || !event.leaseOwner.equals(owner)
                || event.attempts != claimed.attempts()) {
            return false;
        }
        event.state = state;
        event.leaseOwner = "";
        if (!flowId.isEmpty()) {
            event.flowId = flowId;
        }
        if (error.isPresent()) {
            event.lastError = error;
        }
        if (state == DeliveryState.PENDING) {
            event.dueAt = at;
        } else {
            event.finishedAt = Optional.of(at);
        }
        return true;
    }

    @Override
    public synchronized List<InboxEntry> list(DeliveryState state, int limit, Optional<InboxCursor> after) {
        return events.values().stream()
                .filter(event -> event.state == state)
                .map(Event::entry)
                .filter(entry -> after.map(cursor -> cursor.precedes(entry)).orElse(true))
                .sorted(Comparator.comparing(InboxEntry::receivedAt).thenComparing(InboxEntry::messageId).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<DeliveryState> requeueFailed(String messageId, Instant now) {
        Event event = events.get(messageId);
        if (event == null) {
            return Optional.empty();
        }
        DeliveryState before = event.state;
        if (before == DeliveryState.FAILED) {
            event.state = DeliveryState.PENDING;
            event.attempts = 0;
            event.dueAt = now;
            event.finishedAt = Optional.empty();
        }
        return Optional.of(before);
    }

    @Override
    public synchronized Optional<Instant> oldestPending() {
        return events.values().stream().filter(event -> event.state == DeliveryState.PENDING)
                .map(event -> event.receivedAt).min(Comparator.naturalOrder());
    }

    @Override
    public synchronized int purgeDelivered(Instant cutoff) {
        int before = events.size();
        events.values().removeIf(e -> e.state == DeliveryState.DELIVERED && e.receivedAt.isBefore(cutoff));
        return before - events.size();
    }

    @Override
    public void record(ReceivedMetaAlert alert) {
        alerts.record(alert);
    }

    @Override
    public List<ReceivedMetaAlert> latest(String metaFlowId) {
        return alerts.latest(metaFlowId);
    }

    @Override
    public List<ReceivedMetaAlert> history(String metaFlowId, int limit) {
        return alerts.history(metaFlowId, limit);
    }

    @Override
    public String describe() {
        return "memory (nothing survives a restart; one instance only)";
    }

    @Override
    public void close() {
        // nothing to release
    }
}
