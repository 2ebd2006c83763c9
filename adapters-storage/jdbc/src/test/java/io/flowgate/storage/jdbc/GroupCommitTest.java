package io.flowgate.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real SQLite file behind HikariCP, as the embedded store uses them. */
class GroupCommitTest {

    private static final String UPDATE = "UPDATE t SET v = ? WHERE k = ?";

    @TempDir
    Path dir;

    private HikariDataSource pool() throws SQLException {
        var config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setMaximumPoolSize(2);
        config.addDataSourceProperty("busy_timeout", "3000");
        var pool = new HikariDataSource(config);
        try (Connection connection = pool.getConnection(); var statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)");
            statement.execute("INSERT INTO t VALUES ('a', 'one'), ('b', 'two')");
        }
        return pool;
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("test.db");
    }

    @Test
    void updatesAreCommittedAndTheirStatementStaysCompiled() throws Exception {
        var compiled = new CompiledStatements();
        try (var pool = pool(); var commits = new GroupCommit(pool, UPDATE, "the test store", compiled)) {
            assertThat(commits.execute(set("a", "uno"), Deadline.in(Duration.ofSeconds(5)))).isEqualTo(1);
            assertThat(commits.execute(set("b", "dos"), Deadline.in(Duration.ofSeconds(5)))).isEqualTo(1);
            assertThat(commits.execute(set("missing", "x"), Deadline.in(Duration.ofSeconds(5)))).isZero();
            assertThat(value(pool, "a")).isEqualTo("uno");
            assertThat(value(pool, "b")).isEqualTo("dos");
            assertThat(compiled.connections()).as("the update was compiled once, on the connection it used").isEqualTo(1);
        }
    }

    /**
     * While the commit thread waits for another writer's lock, a second update's caller waits without a timer
     * (a timed wait on a virtual thread sets a timer per update), is released at its deadline with its update
     * taken back, and that update is never applied.
     */
    @Test
    void aCallerWaitsWithoutATimerAndAtItsDeadlineItsUpdateIsTakenBackAndNeverApplied() throws Exception {
        try (var pool = pool(); var commits = new GroupCommit(pool, UPDATE, "the test store", new CompiledStatements());
             Connection locker = DriverManager.getConnection(url())) {
            locker.setAutoCommit(false);
            try (var lock = locker.createStatement()) {
                lock.execute("UPDATE t SET v = 'locked' WHERE k = 'b'"); // holds SQLite's write lock
            }
            // The first update is taken and waits for the lock (up to its busy timeout of 3 s).
            var first = CompletableFuture.supplyAsync(() -> run(commits, set("a", "first"), Duration.ofSeconds(6)));
            Thread.sleep(200);
            var failure = new AtomicReference<Throwable>();
            long started = System.nanoTime();
            Thread second = Thread.ofVirtual().start(() -> {
                try {
                    commits.execute(set("a", "second"), Deadline.in(Duration.ofMillis(700)));
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (second.getState() != Thread.State.WAITING && second.getState() != Thread.State.TIMED_WAITING
                    && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(second.getState()).as("the waiting caller's state").isEqualTo(Thread.State.WAITING);
            second.join(5_000);
            assertThat(failure.get()).isInstanceOf(DeadlineExceededException.class)
                    .hasMessageContaining("nothing was changed");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));

            locker.rollback();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            Thread.sleep(100); // a batch that wrongly kept the second update would have committed it by now
            assertThat(value(pool, "a")).isEqualTo("first");
        }
    }

    private static int run(GroupCommit commits, GroupCommit.Binding binding, Duration within) {
        try {
            return commits.execute(binding, Deadline.in(within));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static GroupCommit.Binding set(String key, String value) {
        return statement -> {
            statement.setString(1, value);
            statement.setString(2, key);
        };
    }

    private static String value(HikariDataSource pool, String key) throws SQLException {
        try (Connection connection = pool.getConnection();
             var statement = connection.prepareStatement("SELECT v FROM t WHERE k = ?")) {
            statement.setString(1, key);
            try (var row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
