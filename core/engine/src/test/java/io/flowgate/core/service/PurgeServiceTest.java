package io.flowgate.core.service;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class PurgeServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void webhookIdsAreRememberedLongerThanMetaRetriesEvenWithAShortSessionRetention() {
        var inbox = new FakeInbox();
        var sessions = new FakeSessions();

        new PurgeService(sessions, inbox, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC)).purge();

        assertThat(sessions.purgeCutoffs).containsExactly(NOW.minus(Duration.ofHours(1)));
        assertThat(inbox.purgeCutoffs).containsExactly(NOW.minus(Duration.ofDays(8)));
    }
}
