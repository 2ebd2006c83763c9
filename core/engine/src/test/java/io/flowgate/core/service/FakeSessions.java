package io.flowgate.core.service;

import io.flowgate.core.domain.AbandonedSession;
import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.Journey;
import io.flowgate.core.domain.StartedSession;
import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.port.out.SessionStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Sessions in a map, for core's unit tests; it can be told to lose the next races to simulate another instance. */
final class FakeSessions implements SessionStore {

    final Map<String, SessionRecord> byToken = new HashMap<>();
    int updates;
    /** How many of the next updates find the version already moved on, as if another instance wrote first. */
    int racesToLose;
    final java.util.List<Instant> purgeCutoffs = new java.util.ArrayList<>();
    /** The next update runs out of the request's time, as against a stalled database: it fails and changes nothing. */
    boolean stallNextUpdate;
    /** The deadline of every call that took one, in order. */
    final java.util.List<Deadline> deadlinesSeen = new java.util.ArrayList<>();

    @Override
    public boolean insert(SessionRecord session) {
        return byToken.putIfAbsent(session.token(), session) == null;
    }

    @Override
    public boolean insert(SessionRecord session, Deadline deadline) throws DeadlineExceededException {
        requireTime(deadline);
        return insert(session);
    }

    @Override
    public Optional<SessionRecord> find(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    @Override
    public Optional<SessionRecord> find(String token, Deadline deadline) throws DeadlineExceededException {
        requireTime(deadline);
        return find(token);
    }

    private void requireTime(Deadline deadline) throws DeadlineExceededException {
        deadlinesSeen.add(deadline);
        if (deadline.passed()) {
            throw new DeadlineExceededException("in the fake session store");
        }
    }

    @Override
    public boolean update(String token, long expectedVersion, Map<String, Object> data, Journey journey, boolean complete,
                          Instant now, Deadline deadline) throws DeadlineExceededException {
        requireTime(deadline);
        if (stallNextUpdate) {
            stallNextUpdate = false;
            throw new DeadlineExceededException("while the fake session store stalled");
        }
        SessionRecord s = byToken.get(token);
        if (racesToLose > 0) {
            racesToLose--;
            byToken.put(token, copy(s, Map.of("written_by", "other instance"), s.journey(), s.version() + 1, s.completedAt()));
            return false;
        }
        if (s == null || s.version() != expectedVersion) {
            return false;
        }
        updates++;
        byToken.put(token, copy(s, data, journey, s.version() + 1, complete ? Optional.of(now) : s.completedAt()));
        return true;
    }

    private static SessionRecord copy(SessionRecord s, Map<String, Object> data, Journey journey, long version,
                                      Optional<Instant> completedAt) {
        return new SessionRecord(s.token(), s.flowId(), s.waId(), s.context(), data, version, s.issuedAt(), s.expiresAt(),
                completedAt, s.messageId(), journey);
    }

    @Override
    public boolean markCompleted(String token, Instant now) {
        SessionRecord s = byToken.get(token);
        if (s == null || s.isCompleted()) {
            return false;
        }
        byToken.put(token, copy(s, s.data(), s.journey(), s.version() + 1, Optional.of(now)));
        return true;
    }

    @Override
    public boolean attachMessageId(String token, String messageId) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public boolean revoke(String token, Instant now) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public Optional<SessionRecord> findByMessageId(String messageId) {
        return byToken.values().stream().filter(s -> s.messageId().equals(messageId)).findFirst();
    }

    @Override
    public int purgeSessions(Instant cutoff) {
        purgeCutoffs.add(cutoff);
        return 0;
    }

    @Override
    public List<StartedSession> startedSince(FlowId flowId, Instant since) {
        return byToken.values().stream().filter(s -> s.flowId().equals(flowId)
                        && s.journey().startedAt().map(at -> !at.isBefore(since)).orElse(false))
                .map(StartedSession::of).toList();
    }

    /** The abandonment calls are the storage adapters' (their contract tests); core's tests do not use them. */
    @Override
    public List<AbandonedSession> claimAbandoned(Duration abandonAfter, int max, String owner, Instant now,
                                                 Instant leaseUntil) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public boolean markAbandonmentDelivered(AbandonedSession claimed, String owner) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public boolean scheduleAbandonmentRetry(AbandonedSession claimed, String owner, DeliveryError error, Instant retryAt) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public boolean markAbandonmentFailed(AbandonedSession claimed, String owner, DeliveryError error) {
        throw new UnsupportedOperationException("not used by these tests");
    }
}
