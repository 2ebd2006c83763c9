package io.flowgate.storage.contract;

import io.flowgate.core.domain.Journey;
import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.port.out.StateStore;
import io.flowgate.core.port.out.StorageAdapter.StorageException;
import io.flowgate.storage.jdbc.PostgresStorageAdapter;
import io.flowgate.storage.testing.FreezableTcpProxy;
import io.flowgate.storage.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL stalls (as under SIGSTOP) behind a {@link FreezableTcpProxy}; the shared database itself keeps
 * running for the other tests. The bounds asserted are generous: this shows that calls end by their deadline
 * instead of hanging, not how precisely.
 */
class StalledDatabaseTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    /** A store that ignores its deadline hangs until the thaw; this is how long the test waits for it. */
    private static final long HANG_SECONDS = 15;

    @TempDir
    Path dataDir;
    private FreezableTcpProxy proxy;
    private Map<String, String> direct;

    @BeforeEach
    void proxy() throws Exception {
        TestPostgres.assumeAvailable();
        direct = TestPostgres.freshSchemaSettings();
        proxy = FreezableTcpProxy.forTestPostgres();
    }

    @AfterEach
    void close() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private Map<String, String> throughProxy() {
        var settings = new HashMap<>(direct);
        settings.put("url", proxy.route(direct.get("url")));
        return settings;
    }

    @Test
    void onAFrozenDatabaseEachCallOfAStepFailsByItsDeadlineCommitsNothingAndTheStepLaterAppliesOnce() throws Exception {
        try (StateStore store = new PostgresStorageAdapter().open(throughProxy(), dataDir)) {
            store.insert(new SessionRecord("t1", new FlowId("counter"), "", Map.of(), Map.of(), 0, NOW,
                    NOW.plusSeconds(600), Optional.empty(), ""));
            store.find("t1", Deadline.in(Duration.ofSeconds(5))); // just used: the pool hands it out unchecked

            proxy.freeze();
            assertFailsByItsDeadline(deadline -> store.update("t1", 0, Map.of("step", 1L), Journey.NONE, false, NOW, deadline));
            assertFailsByItsDeadline(deadline -> store.find("t1", deadline));
            proxy.thaw();

            // The server has then processed everything the abandoned calls sent, up to their close.
            proxy.awaitAbandonedConnectionsEnded(Duration.ofSeconds(HANG_SECONDS));
            assertThat(store.find("t1").orElseThrow().version()).as("nothing committed after the thaw").isZero();
            assertThat(store.update("t1", 0, Map.of("step", 1L), Journey.NONE, false, NOW, Deadline.in(Duration.ofSeconds(5))))
                    .as("the retried step, without restarting anything").isTrue();
            SessionRecord after = store.find("t1").orElseThrow();
            assertThat(after.version()).as("applied exactly once").isEqualTo(1);
            assertThat(after.data()).isEqualTo(Map.of("step", 1L));
        }
    }

    @Test
    void openingTheStoreOnAFrozenDatabaseFailsInBoundedTimeNamingTheUrlAndTheSettings() {
        proxy.freeze();
        var settings = throughProxy();
        settings.put("url", settings.get("url") + "&password=not-to-be-printed");
        long started = System.nanoTime();

        var opening = CompletableFuture.supplyAsync(() -> {
            try {
                return new PostgresStorageAdapter().open(settings, dataDir);
            } catch (StorageException e) {
                throw new CompletionException(e);
            }
        });

        assertThatThrownBy(() -> opening.get(HANG_SECONDS, TimeUnit.SECONDS))
                .cause().isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot connect to postgres jdbc:postgresql://127.0.0.1:" + proxy.port())
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("not-to-be-printed")
                .hasMessageContaining("flowgate.storage.postgres.connect-timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    private interface StoreCall {
        Object call(Deadline deadline) throws DeadlineExceededException;
    }

    private static void assertFailsByItsDeadline(StoreCall call) {
        Duration budget = Duration.ofMillis(1500);
        long started = System.nanoTime();
        var result = CompletableFuture.supplyAsync(() -> {
            try {
                return call.call(Deadline.in(budget));
            } catch (DeadlineExceededException e) {
                throw new CompletionException(e);
            }
        });

        assertThatThrownBy(() -> result.get(HANG_SECONDS, TimeUnit.SECONDS))
                .cause().isInstanceOf(DeadlineExceededException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(budget.plusSeconds(2));
    }
}
