package io.flowgate.core.service;

import io.flowgate.core.domain.InboxEvent;
import io.flowgate.core.port.out.WebhookInbox;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PurgeServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void webhookIdsAreRememberedLongerThanMetaRetriesEvenWithAShortSessionRetention() {
        var inbox = new RecordingInbox();
        var sessions = new FakeSessions();

        new PurgeService(sessions, inbox, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC)).purge();

        assertThat(sessions.purgeCutoffs).containsExactly(NOW.minus(Duration.ofHours(1)));
        assertThat(inbox.cutoffs).containsExactly(NOW.minus(Duration.ofDays(8)));
    }

    private static final class RecordingInbox implements WebhookInbox {
        final List<Instant> cutoffs = new ArrayList<>();

        @Override
        public boolean add(String messageId, String payload, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<InboxEvent> claim(int max, String owner, Instant now, Instant leaseUntil) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void markDelivered(String messageId, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int purgeDelivered(Instant cutoff) {
            cutoffs.add(cutoff);
            return 0;
        }
    }
}
