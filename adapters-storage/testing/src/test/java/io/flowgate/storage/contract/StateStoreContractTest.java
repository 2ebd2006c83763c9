package io.flowgate.storage.contract;

import io.flowgate.core.domain.Journey;
import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.InboxCursor;
import io.flowgate.core.domain.InboxEntry;
import io.flowgate.core.domain.InboxEvent;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.port.out.StateStore;
import io.flowgate.core.port.out.StorageAdapter;
import io.flowgate.storage.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
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
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every storage adapter must do, run against each one exactly as the server finds it. */
class StateStoreContractTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final FlowId FLOW = new FlowId("appointment");
    private static final DeliveryError ERROR = new DeliveryError("java.net.ConnectException", "CRM refused: port 8443");
    /** Far enough away that no call meets it, except where a test says otherwise. */
    private static final Deadline SOON = Deadline.in(Duration.ofMinutes(10));

    @TempDir
    Path dataDir;
    private StateStore store;
    private Map<String, String> settings = Map.of();

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private StateStore open(String type) throws Exception {
        if (type.equals("postgres")) {
            TestPostgres.assumeAvailable();
            settings = TestPostgres.freshSchemaSettings();
        }
        StorageAdapter adapter = ServiceLoader.load(StorageAdapter.class).stream().map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.type().equals(type)).findFirst().orElseThrow();
        store = adapter.open(settings, dataDir);
        return store;
    }

    private static SessionRecord session(String token, Instant expiresAt) {
        return new SessionRecord(token, FLOW, "447700900123", Map.of("order", "A-1", "vip", true),
                Map.of(), 0, NOW, expiresAt, Optional.empty(), "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void storesAndFindsASessionWithItsValues(String type) throws Exception {
        var store = open(type);

        assertThat(store.insert(session("t1", NOW.plusSeconds(60)))).isTrue();
        assertThat(store.insert(session("t1", NOW.plusSeconds(999)))).as("a second insert of one token").isFalse();

        SessionRecord found = store.find("t1").orElseThrow();
        assertThat(found.flowId()).isEqualTo(FLOW);
        assertThat(found.waId()).isEqualTo("447700900123");
        assertThat(found.context()).isEqualTo(Map.of("order", "A-1", "vip", true));
        assertThat(found.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(found.completedAt()).isEmpty();
        assertThat(store.find("unknown")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void theCallsOfAStepWorkWithinTheirDeadlineAndFailChangingNothingAfterIt(String type) throws Exception {
        var store = open(type);
        Deadline passed = Deadline.in(Duration.ZERO);

        assertThat(store.insert(session("t1", NOW.plusSeconds(60)), SOON)).isTrue();
        assertThat(store.find("t1", SOON)).isPresent();
        assertThatThrownBy(() -> store.update("t1", 0, Map.of("step", 1L), Journey.NONE, false, NOW, passed))
                .isInstanceOf(DeadlineExceededException.class).hasMessageContaining("nothing was changed");
        assertThatThrownBy(() -> store.find("t1", passed)).isInstanceOf(DeadlineExceededException.class);
        assertThatThrownBy(() -> store.insert(session("t2", NOW.plusSeconds(60)), passed))
                .isInstanceOf(DeadlineExceededException.class);

        assertThat(store.find("t1").orElseThrow().version()).isZero();
        assertThat(store.find("t2")).isEmpty();
    }

    /** Another writer holds the session's lock past the step's deadline: the step's update gives up and rolls back. */
    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgres"})
    void anUpdateThatWaitsForALockPastItsDeadlineFailsInTimeAndIsRolledBack(String type) throws Exception {
        var store = open(type);
        store.insert(session("t1", NOW.plusSeconds(60)));
        String url = type.equals("postgres") ? settings.get("url") : "jdbc:sqlite:" + dataDir.resolve("flowgate.db");
        try (var locker = java.sql.DriverManager.getConnection(url, settings.get("user"), settings.get("password"))) {
            locker.setAutoCommit(false);
            try (var lock = locker.createStatement()) {
                lock.execute(type.equals("postgres") ? "SELECT version FROM flow_sessions WHERE token = 't1' FOR UPDATE"
                        : "UPDATE flow_sessions SET message_id = NULL WHERE token = 't1'"); // SQLite: the write lock
            }
            Deadline deadline = Deadline.in(Duration.ofMillis(700));
            long started = System.nanoTime();
            var update = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return store.update("t1", 0, Map.of("step", 1L), Journey.NONE, false, NOW, deadline);
                } catch (DeadlineExceededException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });

            // Generous: a store that ignores the deadline waits for the lock (5 s for SQLite, for ever for PostgreSQL).
            assertThatThrownBy(() -> update.get(4, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(DeadlineExceededException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            locker.commit();
        }
        assertThat(store.find("t1").orElseThrow().version()).as("the timed-out update was rolled back").isZero();
        assertThat(store.update("t1", 0, Map.of("step", 1L), Journey.NONE, false, NOW, SOON)).as("and the retry applies once").isTrue();
        assertThat(store.find("t1").orElseThrow().version()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void anUpdateNamesTheVersionItReadSoNoUpdateIsLost(String type) throws Exception {
        var store = open(type);
        store.insert(session("t1", NOW.plusSeconds(60)));

        assertThat(store.update("t1", 0, Map.of("step", 1L, "items", List.of("a", "b")), Journey.NONE, false, NOW, SOON)).isTrue();
        assertThat(store.update("t1", 0, Map.of("step", 99L), Journey.NONE, false, NOW, SOON)).as("stale version").isFalse();

        SessionRecord found = store.find("t1").orElseThrow();
        assertThat(found.version()).isEqualTo(1);
        assertThat(found.data()).isEqualTo(Map.of("step", 1L, "items", List.of("a", "b")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void ofTwoConcurrentUpdatesOfOneVersionExactlyOneWins(String type) throws Exception {
        var store = open(type);
        store.insert(session("t1", NOW.plusSeconds(60)));
        var barrier = new CyclicBarrier(2);
        List<Callable<Boolean>> writers = List.of(
                () -> { barrier.await(); return store.update("t1", 0, Map.of("by", "A"), Journey.NONE, false, NOW, SOON); },
                () -> { barrier.await(); return store.update("t1", 0, Map.of("by", "B"), Journey.NONE, false, NOW, SOON); });

        List<Boolean> results = new ArrayList<>();
        try (var executor = Executors.newFixedThreadPool(2)) {
            for (Future<Boolean> result : executor.invokeAll(writers)) {
                results.add(result.get());
            }
        }

        assertThat(results).containsExactlyInAnyOrder(true, false);
        assertThat(store.find("t1").orElseThrow().version()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void completionIsRecordedOnce(String type) throws Exception {
        var store = open(type);
        store.insert(session("t1", NOW.plusSeconds(60)));
        store.insert(session("t2", NOW.plusSeconds(60)));

        assertThat(store.update("t1", 0, Map.of("done", true), Journey.NONE, true, NOW, SOON)).isTrue();
        assertThat(store.markCompleted("t1", NOW.plusSeconds(5))).as("already completed").isFalse();
        assertThat(store.markCompleted("t2", NOW.plusSeconds(5))).isTrue();

        assertThat(store.find("t1").orElseThrow().completedAt()).contains(NOW);
        assertThat(store.find("t2").orElseThrow().completedAt()).contains(NOW.plusSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void aSessionIsFoundByTheIdOfItsFlowMessage(String type) throws Exception {
        var store = open(type);
        store.insert(session("t1", NOW.plusSeconds(60)));

        assertThat(store.attachMessageId("t1", "wamid.HBgM")).isTrue();
        assertThat(store.attachMessageId("nope", "wamid.X")).isFalse();

        assertThat(store.findByMessageId("wamid.HBgM")).map(SessionRecord::token).contains("t1");
        assertThat(store.findByMessageId("wamid.other")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void aRevokedTokenIsDeadAndCannotBeSavedOver(String type) throws Exception {
        var store = open(type);
        store.insert(session("unsent", NOW.plusSeconds(3600)));
        store.insert(session("done", NOW.plusSeconds(3600)));
        store.markCompleted("done", NOW);

        assertThat(store.revoke("unsent", NOW.plusSeconds(1))).isTrue();
        assertThat(store.revoke("unsent", NOW.plusSeconds(2))).as("already dead").isFalse();
        assertThat(store.revoke("done", NOW.plusSeconds(1))).as("completed").isFalse();
        assertThat(store.revoke("nope", NOW)).isFalse();

        SessionRecord revoked = store.find("unsent").orElseThrow();
        assertThat(revoked.isExpired(NOW.plusSeconds(1))).isTrue();
        assertThat(revoked.expiresAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(store.update("unsent", 0, Map.of("late", true), Journey.NONE, false, NOW.plusSeconds(1), SOON))
                .as("a step that read the live session cannot save over the revocation").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void purgingDeletesSessionsThatDiedBeforeTheCutoffOnly(String type) throws Exception {
        var store = open(type);
        store.insert(session("expired", NOW.minusSeconds(3600)));
        store.insert(session("live", NOW.plusSeconds(3600)));
        store.insert(session("completed", NOW.plusSeconds(3600)));
        store.markCompleted("completed", NOW.minusSeconds(3600));

        assertThat(store.purgeSessions(NOW.minusSeconds(60))).isEqualTo(2);

        assertThat(store.find("live")).isPresent();
        assertThat(store.find("expired")).isEmpty();
        assertThat(store.find("completed")).isEmpty();
    }

    /**
     * Many steps at once, as under load: each committed exactly once, in order per session, and of two steps
     * on the same version exactly one wins (the embedded store commits concurrent updates together).
     */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void concurrentStepsEachCommitOnceAndOnlyOneOfTwoOnTheSameVersionWins(String type) throws Exception {
        var store = open(type);
        int sessions = 32;
        int steps = 10;
        for (int i = 0; i < sessions; i++) {
            store.insert(session("c" + i, NOW.plusSeconds(600)));
        }
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                String token = "c" + i;
                results.add(threads.submit(() -> {
                    for (int step = 0; step < steps; step++) {
                        if (!store.update(token, step, Map.of("step", (long) step + 1), Journey.NONE, false, NOW, SOON)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var result : results) {
                assertThat(result.get()).isTrue();
            }
            var race = new java.util.concurrent.CyclicBarrier(2);
            var first = threads.submit(() -> {
                race.await();
                return store.update("c0", steps, Map.of("winner", "first"), Journey.NONE, false, NOW, SOON);
            });
            var second = threads.submit(() -> {
                race.await();
                return store.update("c0", steps, Map.of("winner", "second"), Journey.NONE, false, NOW, SOON);
            });
            assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(true, false);
        }
        for (int i = 1; i < sessions; i++) {
            SessionRecord stored = store.find("c" + i).orElseThrow();
            assertThat(stored.version()).isEqualTo(steps);
            assertThat(stored.data()).isEqualTo(Map.of("step", (long) steps));
        }
        assertThat(store.find("c0").orElseThrow().version()).isEqualTo(steps + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void theOldestPendingEventIsTheInboxLag(String type) throws Exception {
        var store = open(type);
        assertThat(store.oldestPending()).as("an empty inbox").isEmpty();

        store.add("wamid.old", "{}", NOW);
        store.add("wamid.new", "{}", NOW.plusSeconds(30));
        assertThat(store.oldestPending()).contains(NOW);

        InboxEvent oldest = store.claim(1, "instance-a", NOW.plusSeconds(40), NOW.plusSeconds(100)).getFirst();
        assertThat(oldest.messageId()).isEqualTo("wamid.old");
        assertThat(store.oldestPending()).as("claimed but not yet delivered is still pending").contains(NOW);
        store.markDelivered(oldest, "instance-a", "appointment", NOW.plusSeconds(41));
        assertThat(store.oldestPending()).contains(NOW.plusSeconds(30));

        InboxEvent last = store.claim(1, "instance-a", NOW.plusSeconds(50), NOW.plusSeconds(110)).getFirst();
        store.markFailed(last, "instance-a", "appointment",
                DeliveryError.of(new IllegalStateException("the plugin failed")), NOW.plusSeconds(51));
        assertThat(store.oldestPending()).as("a dead letter is not pending").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void webhookEventsAreDedupedLeasedAndRedeliveredAfterALapsedLease(String type) throws Exception {
        var store = open(type);

        assertThat(store.add("wamid.1", "{\"id\":\"wamid.1\"}", NOW)).isTrue();
        assertThat(store.add("wamid.1", "{\"id\":\"wamid.1\"}", NOW.plusSeconds(1))).as("Meta's retry").isFalse();

        List<InboxEvent> first = store.claim(10, "instance-a", NOW, NOW.plusSeconds(60));
        assertThat(first).singleElement().satisfies(event -> {
            assertThat(event.messageId()).isEqualTo("wamid.1");
            assertThat(event.payload()).isEqualTo("{\"id\":\"wamid.1\"}");
            assertThat(event.attempts()).isEqualTo(1);
        });
        assertThat(store.claim(10, "instance-b", NOW.plusSeconds(30), NOW.plusSeconds(90))).as("leased").isEmpty();

        List<InboxEvent> retry = store.claim(10, "instance-b", NOW.plusSeconds(61), NOW.plusSeconds(120));
        assertThat(retry).singleElement().satisfies(event -> assertThat(event.attempts()).isEqualTo(2));

        assertThat(store.markDelivered(retry.getFirst(), "instance-b", "appointment", NOW.plusSeconds(62))).isTrue();
        assertThat(store.claim(10, "instance-a", NOW.plusSeconds(500), NOW.plusSeconds(560))).isEmpty();
        assertThat(store.add("wamid.1", "{}", NOW.plusSeconds(600))).as("still remembered after delivery").isFalse();

        assertThat(store.purgeDelivered(NOW.plus(Duration.ofDays(9)))).isEqualTo(1);
        assertThat(store.add("wamid.1", "{}", NOW.plus(Duration.ofDays(9)))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void twoInstancesClaimingAtOnceNeverGetTheSameEvent(String type) throws Exception {
        var store = open(type);
        for (int i = 0; i < 40; i++) {
            store.add("wamid." + i, "{}", NOW.plusMillis(i));
        }
        var barrier = new CyclicBarrier(2);
        List<Callable<List<InboxEvent>>> claimers = List.of(
                () -> { barrier.await(); return drain(store, "a"); },
                () -> { barrier.await(); return drain(store, "b"); });

        List<String> claimed = new ArrayList<>();
        try (var executor = Executors.newFixedThreadPool(2)) {
            for (var result : executor.invokeAll(claimers)) {
                result.get().forEach(event -> claimed.add(event.messageId()));
            }
        }

        assertThat(claimed).hasSize(40).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void theOutcomeOfAClaimWhoseLeaseWasTakenOverIsRefused(String type) throws Exception {
        var store = open(type);
        store.add("wamid.1", "{}", NOW);
        InboxEvent slow = store.claim(1, "instance-a", NOW, NOW.plusSeconds(70)).getFirst();
        InboxEvent takenOver = store.claim(1, "instance-b", NOW.plusSeconds(71), NOW.plusSeconds(141)).getFirst();

        assertThat(store.markDelivered(slow, "instance-a", "appointment", NOW.plusSeconds(72))).as("lease lapsed").isFalse();
        assertThat(store.markFailed(slow, "instance-a", "", ERROR, NOW.plusSeconds(72))).isFalse();
        assertThat(store.scheduleRetry(slow, "instance-a", "", ERROR, NOW.plusSeconds(99))).isFalse();
        assertThat(store.markDelivered(takenOver, "instance-a", "appointment", NOW.plusSeconds(72)))
                .as("right attempt, wrong owner").isFalse();
        assertThat(entry(store, DeliveryState.PENDING, "wamid.1").attempts()).isEqualTo(2);

        assertThat(store.markDelivered(takenOver, "instance-b", "appointment", NOW.plusSeconds(73))).isTrue();
        assertThat(store.markDelivered(takenOver, "instance-b", "appointment", NOW.plusSeconds(74)))
                .as("recorded once").isFalse();
        InboxEntry delivered = entry(store, DeliveryState.DELIVERED, "wamid.1");
        assertThat(delivered.flowId()).isEqualTo("appointment");
        assertThat(delivered.finishedAt()).contains(NOW.plusSeconds(73));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void aFailedAttemptIsRetriedAfterItsBackoffAndNotBefore(String type) throws Exception {
        var store = open(type);
        store.add("wamid.1", "{}", NOW);
        InboxEvent first = store.claim(1, "instance-a", NOW, NOW.plusSeconds(70)).getFirst();

        assertThat(store.scheduleRetry(first, "instance-a", "appointment", ERROR, NOW.plusSeconds(30))).isTrue();

        InboxEntry pending = entry(store, DeliveryState.PENDING, "wamid.1");
        assertThat(pending.attempts()).isEqualTo(1);
        assertThat(pending.lastError()).contains(ERROR);
        assertThat(pending.flowId()).isEqualTo("appointment");
        assertThat(pending.lastAttemptAt()).contains(NOW);
        assertThat(pending.nextAttemptAt()).contains(NOW.plusSeconds(30));
        assertThat(store.claim(10, "instance-b", NOW.plusSeconds(29), NOW.plusSeconds(99))).as("backing off").isEmpty();
        assertThat(store.claim(10, "instance-b", NOW.plusSeconds(30), NOW.plusSeconds(100)))
                .singleElement().satisfies(event -> assertThat(event.attempts()).isEqualTo(2));
        assertThat(entry(store, DeliveryState.PENDING, "wamid.1").lastAttemptAt()).contains(NOW.plusSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void afterTheLastAttemptTheEventIsADeadLetterKeptWithItsErrorUntilRetried(String type) throws Exception {
        var store = open(type);
        store.add("wamid.1", "{\"secret\":\"value\"}", NOW);
        InboxEvent last = store.claim(1, "instance-a", NOW, NOW.plusSeconds(70)).getFirst();

        assertThat(store.markFailed(last, "instance-a", "appointment", ERROR, NOW.plusSeconds(1))).isTrue();

        InboxEntry failed = entry(store, DeliveryState.FAILED, "wamid.1");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains(ERROR);
        assertThat(failed.finishedAt()).contains(NOW.plusSeconds(1));
        assertThat(failed.nextAttemptAt()).isEmpty();
        assertThat(store.list(DeliveryState.PENDING, 10, Optional.empty())).isEmpty();
        assertThat(store.claim(10, "instance-b", NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)))).isEmpty();
        assertThat(store.add("wamid.1", "{}", NOW.plusSeconds(5))).as("Meta's retry is still recognised").isFalse();
        assertThat(store.purgeDelivered(NOW.plus(Duration.ofDays(30)))).as("dead letters are not purged").isZero();

        assertThat(store.requeueFailed("wamid.1", NOW.plusSeconds(600))).contains(DeliveryState.FAILED);
        InboxEntry requeued = entry(store, DeliveryState.PENDING, "wamid.1");
        assertThat(requeued.attempts()).isZero();
        assertThat(requeued.nextAttemptAt()).contains(NOW.plusSeconds(600));
        assertThat(store.requeueFailed("wamid.1", NOW.plusSeconds(601))).as("no longer failed").contains(DeliveryState.PENDING);
        assertThat(store.requeueFailed("wamid.unknown", NOW)).isEmpty();
        assertThat(store.claim(10, "instance-b", NOW.plusSeconds(600), NOW.plusSeconds(670)))
                .singleElement().satisfies(event -> {
                    assertThat(event.attempts()).isEqualTo(1);
                    assertThat(event.payload()).isEqualTo("{\"secret\":\"value\"}");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void theListingIsByStateNewestFirstBoundedAndResumesAfterACursor(String type) throws Exception {
        var store = open(type);
        store.add("wamid.a1", "{}", NOW);
        store.add("wamid.a2", "{}", NOW); // one webhook delivery: the same time
        store.add("wamid.b", "{}", NOW.plusSeconds(1));
        store.add("wamid.c", "{}", NOW.plusSeconds(2));
        store.add("wamid.done", "{}", NOW.plusSeconds(3));
        InboxEvent done = store.claim(10, "instance-a", NOW.plusSeconds(10), NOW.plusSeconds(80)).stream()
                .filter(event -> event.messageId().equals("wamid.done")).findFirst().orElseThrow();
        store.markDelivered(done, "instance-a", "appointment", NOW.plusSeconds(11));

        List<InboxEntry> first = store.list(DeliveryState.PENDING, 3, Optional.empty());
        List<InboxEntry> rest = store.list(DeliveryState.PENDING, 3, Optional.of(InboxCursor.after(first.getLast())));

        assertThat(first).extracting(InboxEntry::messageId).containsExactly("wamid.c", "wamid.b", "wamid.a2");
        assertThat(rest).extracting(InboxEntry::messageId).containsExactly("wamid.a1");
        assertThat(store.list(DeliveryState.DELIVERED, 3, Optional.empty())).extracting(InboxEntry::messageId)
                .containsExactly("wamid.done");
        assertThat(store.list(DeliveryState.FAILED, 3, Optional.empty())).isEmpty();
    }

    private static InboxEntry entry(StateStore store, DeliveryState state, String messageId) {
        return store.list(state, 200, Optional.empty()).stream().filter(entry -> entry.messageId().equals(messageId))
                .findFirst().orElseThrow(() -> new AssertionError(messageId + " is not " + state.code()));
    }

    private static List<InboxEvent> drain(StateStore store, String owner) {
        List<InboxEvent> all = new ArrayList<>();
        List<InboxEvent> batch;
        do {
            batch = store.claim(3, owner, NOW.plusSeconds(10), NOW.plusSeconds(70));
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }
}
