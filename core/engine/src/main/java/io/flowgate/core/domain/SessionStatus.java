package io.flowgate.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Where a session stands, from its record alone, so that every instance and the funnel agree without a job
 * having run: completed once SUCCESS was answered; abandoned once it has had no step for the abandon-after
 * time (unless its token expired first: then it ended as expired); not started while the token was never opened.
 */
public enum SessionStatus {
    NOT_STARTED, ACTIVE, COMPLETED, ABANDONED, EXPIRED;

    public static SessionStatus of(SessionRecord session, Instant now, Duration abandonAfter) {
        if (session.isCompleted()) {
            return COMPLETED;
        }
        Journey journey = session.journey();
        if (journey.lastStepAt().isEmpty()) {
            return session.isExpired(now) ? EXPIRED : NOT_STARTED;
        }
        Instant abandonedAt = journey.lastStepAt().get().plus(abandonAfter);
        if (session.expiresAt().isBefore(abandonedAt) || session.expiresAt().equals(abandonedAt)) {
            return session.isExpired(now) ? EXPIRED : ACTIVE;
        }
        return now.isBefore(abandonedAt) ? ACTIVE : ABANDONED;
    }

    /** The lower-case name of the admin API. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
