package io.flowgate.storage.contract;

import io.flowgate.core.domain.Abandonment;
import io.flowgate.core.domain.AbandonedSession;
import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.Journey;
import io.flowgate.core.domain.JourneyStep;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.domain.StartedSession;
import io.flowgate.core.port.out.StateStore;
import io.flowgate.core.port.out.StorageAdapter;
import io.flowgate.storage.jdbc.EmbeddedStorageAdapter;
import io.flowgate.storage.jdbc.PostgresStorageAdapter;
import io.flowgate.storage.testing.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** What every storage adapter must do with sessions' journeys and the abandonment hook's claims. */
class JourneyContractTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final FlowId FLOW = new FlowId("appointment");
    private static final Duration ABANDON_AFTER = Duration.ofHours(1);
    private static final Deadline SOON = Deadline.in(Duration.ofMinutes(10));
    private static final DeliveryError ERROR = new DeliveryError("java.net.ConnectException", "SMS gateway refused");

    @TempDir
    Path dataDir;
    private StateStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private StateStore open(String type) throws Exception {
        Map<String, String> settings = type.equals("postgres") ? postgres() : Map.of();
        StorageAdapter adapter = ServiceLoader.load(StorageAdapter.class).stream().map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.type().equals(type)).findFirst().orElseThrow();
        store = adapter.open(settings, dataDir);
        return store;
    }

    private static Map<String, String> postgres() throws Exception {
        TestPostgres.assumeAvailable();
        return TestPostgres.freshSchemaSettings();
    }

    private static SessionRecord issued(String token, FlowId flow, Duration ttl) {
        return new SessionRecord(token, flow, "447700900123", Map.of("customer", "C-1"), Map.of(), 0, NOW,
                NOW.plus(ttl), Optional.empty(), "");
    }

    /** Steps {@code screens} one after the other, a minute apart from {@code start}, as the step logic would. */
    private static Journey walked(Instant start, String... screens) {
        Journey journey = Journey.NONE;
        String from = "";
        for (int i = 0; i < screens.length; i++) {
            journey = journey.record(new JourneyStep(i == 0 ? "INIT" : "data_exchange", from, screens[i], 200,
                    start.plusSeconds(60L * i)), ABANDON_AFTER);
            from = screens[i];
        }
        return journey;
    }

    /** Saves {@code journey} with values, through the step's own update. */
    private void step(String token, Journey journey, Map<String, Object> values) throws Exception {
        long version = store.find(token).orElseThrow().version();
        assertThat(store.update(token, version, values, journey, false, NOW, SOON)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void theStepsUpdateStoresThePathWithTheValuesAndAStaleOneChangesNeither(String type) throws Exception {
        var store = open(type);
        store.insert(issued("t1", FLOW, Duration.ofDays(1)));
        Journey journey = walked(NOW, "APPOINTMENT", "DETAILS", "DETAILS")
                .record(new JourneyStep("BACK", "DETAILS", "", 500, NOW.plusSeconds(200)), ABANDON_AFTER);

        assertThat(store.update("t1", 0, Map.of("department", "shopping"), journey, false, NOW, SOON)).isTrue();
        assertThat(store.update("t1", 0, Map.of("department", "other"), Journey.NONE, false, NOW, SOON))
                .as("stale version").isFalse();

        SessionRecord found = store.find("t1").orElseThrow();
        assertThat(found.data()).isEqualTo(Map.of("department", "shopping"));
        assertThat(found.journey()).isEqualTo(journey);
        assertThat(found.journey().steps()).hasSize(4).last()
                .isEqualTo(new JourneyStep("BACK", "DETAILS", "", 500, NOW.plusSeconds(200)));
        assertThat(found.journey().reached()).containsExactly("APPOINTMENT", "DETAILS");
        assertThat(found.journey().currentScreen()).isEqualTo("DETAILS");
        assertThat(found.journey().startedAt()).contains(NOW);
        assertThat(found.journey().abandonment()).isEmpty();
        assertThat(store.find("t1", SOON).orElseThrow().journey()).as("the step's own read").isEqualTo(journey);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void theFunnelReadsTheSessionsOfOneFlowThatStartedSinceAGivenTimeAndPurgingTakesThemAway(String type)
            throws Exception {
        var store = open(type);
        for (String token : List.of("early", "late", "other-flow", "not-opened")) {
            store.insert(issued(token, token.equals("other-flow") ? new FlowId("survey") : FLOW, Duration.ofHours(2)));
        }
        step("early", walked(NOW, "APPOINTMENT"), Map.of());
        step("late", walked(NOW.plusSeconds(600), "APPOINTMENT", "DETAILS"), Map.of("secret", "value"));
        step("other-flow", walked(NOW.plusSeconds(600), "QUESTION"), Map.of());

        List<StartedSession> started = store.startedSince(FLOW, NOW.plusSeconds(1));

        assertThat(started).singleElement().satisfies(session -> {
            assertThat(session.token()).isEqualTo("late");
            assertThat(session.flowId()).isEqualTo(FLOW);
            assertThat(session.journey()).isEqualTo(walked(NOW.plusSeconds(600), "APPOINTMENT", "DETAILS"));
            assertThat(session.completedAt()).isEmpty();
        });
        assertThat(store.startedSince(FLOW, NOW)).extracting(StartedSession::token)
                .containsExactlyInAnyOrder("early", "late");

        assertThat(store.purgeSessions(NOW.plus(Duration.ofHours(3)))).isEqualTo(4);
        assertThat(store.startedSince(FLOW, NOW)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void anIdleSessionIsClaimedOnceAtItsScreenAndAStepAfterwardsMakesItAbandonableAgain(String type) throws Exception {
        var store = open(type);
        store.insert(issued("idle", FLOW, Duration.ofDays(1)));
        store.insert(issued("busy", FLOW, Duration.ofDays(1)));
        store.insert(issued("done", FLOW, Duration.ofDays(1)));
        store.insert(issued("not-opened", FLOW, Duration.ofDays(1)));
        step("idle", walked(NOW, "APPOINTMENT", "DETAILS"), Map.of("department", "shopping"));
        step("busy", walked(NOW.plusSeconds(1800), "APPOINTMENT"), Map.of());
        step("done", walked(NOW, "APPOINTMENT"), Map.of());
        store.markCompleted("done", NOW.plusSeconds(5));
        Instant later = NOW.plusSeconds(60).plus(ABANDON_AFTER); // an hour after idle's last step

        assertThat(store.claimAbandoned(ABANDON_AFTER, 10, "a", later.minusSeconds(1), later.plusSeconds(70)))
                .as("not idle for an hour yet").isEmpty();
        List<AbandonedSession> claimed = store.claimAbandoned(ABANDON_AFTER, 10, "a", later, later.plusSeconds(70));

        assertThat(claimed).singleElement().satisfies(session -> {
            assertThat(session.token()).isEqualTo("idle");
            assertThat(session.screen()).isEqualTo("DETAILS");
            assertThat(session.attempts()).isEqualTo(1);
            assertThat(session.abandonedAt()).isEqualTo(later);
            assertThat(session.data()).isEqualTo(Map.of("department", "shopping"));
            assertThat(session.context()).isEqualTo(Map.of("customer", "C-1"));
            assertThat(session.waId()).isEqualTo("447700900123");
        });
        assertThat(store.claimAbandoned(ABANDON_AFTER, 10, "b", later.plusSeconds(10), later.plusSeconds(80)))
                .as("claimed once").isEmpty();
        assertThat(store.markAbandonmentDelivered(claimed.getFirst(), "a")).isTrue();
        assertThat(store.find("idle").orElseThrow().journey().abandonment()).contains(
                new Abandonment(later, "DETAILS", DeliveryState.DELIVERED, 1, Optional.empty()));
        assertThat(store.claimAbandoned(ABANDON_AFTER, 10, "b", later.plusSeconds(60), later.plusSeconds(130)))
                .as("delivered, and busy not idle for an hour yet").isEmpty();

        // The user comes back: the step's update keeps the claim's record, and an hour later it is abandoned again.
        Instant back = later.plusSeconds(60);
        Journey revived = store.find("idle").orElseThrow().journey()
                .record(new JourneyStep("BACK", "DETAILS", "APPOINTMENT", 200, back), ABANDON_AFTER);
        step("idle", revived, Map.of("department", "shopping"));
        assertThat(store.find("idle").orElseThrow().journey().returns()).isEqualTo(1);
        assertThat(store.find("idle").orElseThrow().journey().abandonment()).map(Abandonment::state)
                .contains(DeliveryState.DELIVERED);
        List<AbandonedSession> again = store.claimAbandoned(ABANDON_AFTER, 10, "b", back.plus(ABANDON_AFTER),
                back.plus(ABANDON_AFTER).plusSeconds(70));
        assertThat(again).extracting(AbandonedSession::token).containsExactlyInAnyOrder("idle", "busy");
        assertThat(again).filteredOn(session -> session.token().equals("idle")).singleElement().satisfies(session -> {
                    assertThat(session.screen()).isEqualTo("APPOINTMENT");
                    assertThat(session.attempts()).isEqualTo(1);
                    assertThat(session.abandonedAt()).isEqualTo(back.plus(ABANDON_AFTER));
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void aFailedCallIsRetriedAfterItsBackoffByTheNextClaimAndEndsAsADeadLetter(String type) throws Exception {
        var store = open(type);
        store.insert(issued("t1", FLOW, Duration.ofDays(1)));
        step("t1", walked(NOW, "APPOINTMENT"), Map.of());
        Instant at = NOW.plus(ABANDON_AFTER);
        AbandonedSession first = store.claimAbandoned(ABANDON_AFTER, 10, "a", at, at.plusSeconds(70)).getFirst();

        assertThat(store.scheduleAbandonmentRetry(first, "a", ERROR, at.plusSeconds(30))).isTrue();
        assertThat(store.claimAbandoned(ABANDON_AFTER, 10, "b", at.plusSeconds(29), at.plusSeconds(99)))
                .as("backing off").isEmpty();
        AbandonedSession second = store.claimAbandoned(ABANDON_AFTER, 10, "b", at.plusSeconds(30), at.plusSeconds(100))
                .getFirst();
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.abandonedAt()).as("the same abandonment").isEqualTo(at);
        assertThat(store.markAbandonmentDelivered(first, "a")).as("an old attempt's outcome").isFalse();

        AbandonedSession third = store.claimAbandoned(ABANDON_AFTER, 10, "c", at.plusSeconds(101), at.plusSeconds(171))
                .getFirst();
        assertThat(third.attempts()).as("b's lease lapsed").isEqualTo(3);
        assertThat(store.markAbandonmentFailed(second, "b", ERROR)).as("taken over").isFalse();
        assertThat(store.markAbandonmentFailed(third, "c", ERROR)).isTrue();

        assertThat(store.find("t1").orElseThrow().journey().abandonment())
                .contains(new Abandonment(at, "APPOINTMENT", DeliveryState.FAILED, 3, Optional.of(ERROR)));
        assertThat(store.claimAbandoned(ABANDON_AFTER, 10, "d", at.plus(Duration.ofHours(5)),
                at.plus(Duration.ofHours(6)))).as("a dead letter").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void aPendingRetryIsDroppedWhenTheUserCameBackOrCompleted(String type) throws Exception {
        var store = open(type);
        store.insert(issued("back", FLOW, Duration.ofDays(1)));
        store.insert(issued("done", FLOW, Duration.ofDays(1)));
        step("back", walked(NOW, "APPOINTMENT"), Map.of());
        step("done", walked(NOW, "APPOINTMENT"), Map.of());
        Instant at = NOW.plus(ABANDON_AFTER);
        for (AbandonedSession claimed : store.claimAbandoned(ABANDON_AFTER, 10, "a", at, at.plusSeconds(70))) {
            assertThat(store.scheduleAbandonmentRetry(claimed, "a", ERROR, at.plusSeconds(30))).isTrue();
        }
        step("back", store.find("back").orElseThrow().journey()
                .record(new JourneyStep("data_exchange", "APPOINTMENT", "DETAILS", 200, at.plusSeconds(10)), ABANDON_AFTER),
                Map.of());
        store.markCompleted("done", at.plusSeconds(10));

        assertThat(store.claimAbandoned(ABANDON_AFTER, 10, "b", at.plusSeconds(40), at.plusSeconds(110))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void twoInstancesClaimingAtOnceNeverGetTheSameSession(String type) throws Exception {
        var store = open(type);
        for (int i = 0; i < 20; i++) {
            store.insert(issued("t" + i, FLOW, Duration.ofDays(1)));
            step("t" + i, walked(NOW.plusMillis(i), "APPOINTMENT"), Map.of());
        }
        Instant at = NOW.plus(Duration.ofHours(2));
        var barrier = new CyclicBarrier(2);
        List<Callable<List<AbandonedSession>>> claimers = List.of(
                () -> { barrier.await(); return drain(store, "a", at); },
                () -> { barrier.await(); return drain(store, "b", at); });

        List<String> claimed = new ArrayList<>();
        try (var executor = Executors.newFixedThreadPool(2)) {
            for (var result : executor.invokeAll(claimers)) {
                result.get().forEach(session -> claimed.add(session.token()));
            }
        }

        assertThat(claimed).hasSize(20).doesNotHaveDuplicates();
    }

    private static List<AbandonedSession> drain(StateStore store, String owner, Instant at) {
        List<AbandonedSession> all = new ArrayList<>();
        List<AbandonedSession> batch;
        do {
            batch = store.claimAbandoned(ABANDON_AFTER, 3, owner, at, at.plusSeconds(70));
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }

    /** A session stored before V3 has no journey: it reads as not started, and the step's update gives it one. */
    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgres"})
    void aSessionStoredBeforeJourneysReadsAsNotStartedAndGainsAPath(String type) throws Exception {
        Map<String, String> settings = type.equals("postgres") ? postgres() : Map.of();
        String url = type.equals("postgres") ? settings.get("url")
                : "jdbc:sqlite:" + dataDir.resolve("flowgate.db").toAbsolutePath();
        Flyway.configure().dataSource(url, TestPostgres.user(), TestPostgres.password())
                .locations("classpath:io/flowgate/storage/jdbc/migration").target("2").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password());
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO flow_sessions (token, flow_id, wa_id, context_json, data_json, version,"
                    + " issued_at, expires_at) VALUES ('old', 'appointment', '447700900123', '{}', '{\"a\":1}', 3, "
                    + NOW.toEpochMilli() + ", " + NOW.plus(Duration.ofDays(1)).toEpochMilli() + ")");
        }
        store = type.equals("postgres") ? new PostgresStorageAdapter().open(settings, dataDir)
                : new EmbeddedStorageAdapter().open(settings, dataDir);

        assertThat(store.find("old").orElseThrow().journey()).isEqualTo(Journey.NONE);
        assertThat(store.claimAbandoned(ABANDON_AFTER, 10, "a", NOW.plus(Duration.ofHours(2)),
                NOW.plus(Duration.ofHours(3)))).isEmpty();
        step("old", walked(NOW, "APPOINTMENT"), Map.of("a", 1L));
        assertThat(store.find("old").orElseThrow().journey().currentScreen()).isEqualTo("APPOINTMENT");
    }
}
