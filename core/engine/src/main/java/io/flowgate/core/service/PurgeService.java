package io.flowgate.core.service;

import io.flowgate.core.port.in.PurgeExpiredState;
import io.flowgate.core.port.out.SessionStore;
import io.flowgate.core.port.out.WebhookInbox;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes sessions some time after they died and delivered webhook events some time after they arrived.
 * The event retention must outlast Meta's retries (up to 7 days), or a late retry would be delivered twice.
 */
public final class PurgeService implements PurgeExpiredState {

    private static final System.Logger LOG = System.getLogger(PurgeService.class.getName());
    /** Meta retries webhooks for up to 7 days; deduplication must remember longer. */
    public static final Duration MINIMUM_EVENT_RETENTION = Duration.ofDays(8);

    private final SessionStore sessions;
    private final WebhookInbox inbox;
    private final Duration sessionRetention;
    private final Duration eventRetention;
    private final Clock clock;

    public PurgeService(SessionStore sessions, WebhookInbox inbox, Duration sessionRetention, Clock clock) {
        this.sessions = sessions;
        this.inbox = inbox;
        this.sessionRetention = sessionRetention;
        this.eventRetention = sessionRetention.compareTo(MINIMUM_EVENT_RETENTION) > 0 ? sessionRetention : MINIMUM_EVENT_RETENTION;
        this.clock = clock;
    }

    @Override
    public int purge() {
        Instant now = clock.instant();
        int deletedSessions = sessions.purgeSessions(now.minus(sessionRetention));
        int deletedEvents = inbox.purgeDelivered(now.minus(eventRetention));
        if (deletedSessions + deletedEvents > 0) {
            LOG.log(Level.INFO, "purged {0} dead session(s) and {1} old webhook event(s)", deletedSessions, deletedEvents);
        }
        return deletedSessions + deletedEvents;
    }
}
