package io.flowgate.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A session as the funnel sees it: its flow, its lifetime and its journey, never its values or its user. */
public record StartedSession(String token, FlowId flowId, Instant expiresAt, Optional<Instant> completedAt,
                             Journey journey) {

    public StartedSession {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(journey, "journey");
    }

    public static StartedSession of(SessionRecord session) {
        return new StartedSession(session.token(), session.flowId(), session.expiresAt(), session.completedAt(),
                session.journey());
    }

    /** The same status rules as a full record. */
    public SessionStatus status(Instant now, java.time.Duration abandonAfter) {
        return SessionStatus.of(new SessionRecord(token, flowId, "", java.util.Map.of(), java.util.Map.of(), 0,
                journey.startedAt().orElse(expiresAt), expiresAt, completedAt, "", journey), now, abandonAfter);
    }

    @Override
    public String toString() {
        return "StartedSession[flow=" + flowId + ", " + journey + "]";
    }
}
