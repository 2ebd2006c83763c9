package io.flowgate.core.service;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.core.domain.TokenRejectedException;
import io.flowgate.core.domain.TokenRejectedException.Reason;
import io.flowgate.core.port.out.SessionStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Finds the live session of a request's flow token, or says why the token is dead (protocol.md section 10). */
final class SessionResolver {

    private final SessionStore sessions;
    private final TokenPolicy policy;
    private final Clock clock;

    SessionResolver(SessionStore sessions, TokenPolicy policy, Clock clock) {
        this.sessions = sessions;
        this.policy = policy;
        this.clock = clock;
    }

    SessionRecord resolve(FlowId flowId, String token, Deadline deadline)
            throws TokenRejectedException, DeadlineExceededException {
        if (token.isEmpty()) {
            throw rejected(flowId, Reason.MISSING, "the request carries no flow_token");
        }
        Instant now = clock.instant();
        Optional<SessionRecord> found = sessions.find(token, deadline);
        if (found.isEmpty() && policy.mode() == TokenPolicy.Mode.OPEN) {
            var firstSight = new SessionRecord(token, flowId, "", Map.of(), Map.of(), 0, now,
                    now.plus(policy.openModeTtl()), Optional.empty(), "");
            sessions.insert(firstSight, deadline); // false: another instance inserted it first, which is as good
            found = sessions.find(token, deadline);
        }
        SessionRecord session = found.orElseThrow(() -> rejected(flowId, Reason.UNKNOWN, "the flow token is unknown (strict mode)"));
        return requireLive(flowId, session, now);
    }

    SessionRecord requireLive(FlowId flowId, SessionRecord session, Instant now) throws TokenRejectedException {
        if (!session.flowId().equals(flowId)) {
            throw rejected(flowId, Reason.OTHER_FLOW, "the flow token was issued for flow " + session.flowId());
        }
        if (session.isCompleted()) {
            throw rejected(flowId, Reason.COMPLETED, "the flow token's flow is already completed");
        }
        if (session.isExpired(now)) {
            throw rejected(flowId, Reason.EXPIRED, "the flow token expired at " + session.expiresAt());
        }
        return session;
    }

    /** The session as stored now, after a concurrent update; still checked for being alive. */
    SessionRecord reloadLive(FlowId flowId, String token, Deadline deadline)
            throws TokenRejectedException, DeadlineExceededException {
        SessionRecord session = sessions.find(token, deadline)
                .orElseThrow(() -> rejected(flowId, Reason.PURGED, "the session was purged while the step ran"));
        return requireLive(flowId, session, clock.instant());
    }

    Instant now() {
        return clock.instant();
    }

    private TokenRejectedException rejected(FlowId flowId, Reason reason, String explanation) {
        return new TokenRejectedException(reason, explanation, policy.deadTokenMessage(flowId));
    }
}
