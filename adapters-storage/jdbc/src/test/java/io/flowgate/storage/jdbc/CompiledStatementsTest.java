package io.flowgate.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real SQLite file behind HikariCP, as the embedded store uses them. */
class CompiledStatementsTest {

    private static final String READ = "SELECT v FROM t WHERE k = ?";

    @TempDir
    Path dir;

    private HikariDataSource pool(int size) throws SQLException {
        var config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("test.db"));
        config.setMaximumPoolSize(size);
        var pool = new HikariDataSource(config);
        try (Connection connection = pool.getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)");
            statement.execute("INSERT INTO t VALUES ('a', 'one'), ('b', 'two')");
        }
        return pool;
    }

    @Test
    void aConnectionBorrowedAgainGetsTheStatementItCompiledWithNewParameters() throws Exception {
        var compiled = new CompiledStatements();
        try (var pool = pool(1)) {
            PreparedStatement first;
            try (Connection connection = pool.getConnection()) {
                first = compiled.prepare(connection, READ);
                assertThat(value(first, "a")).isEqualTo("one");
            }
            try (Connection connection = pool.getConnection()) {
                PreparedStatement again = compiled.prepare(connection, READ);
                assertThat(again).as("the same compiled statement").isSameAs(first);
                assertThat(value(again, "b")).isEqualTo("two");
            }
        }
    }

    @Test
    void aReadKeptCompiledHoldsNoLockAWriterWaitsFor() throws Exception {
        var compiled = new CompiledStatements();
        try (var pool = pool(2)) {
            try (Connection reader = pool.getConnection()) {
                assertThat(value(compiled.prepare(reader, READ), "a")).isEqualTo("one");
            }
            try (Connection writer = pool.getConnection(); var statement = writer.createStatement()) {
                // A rollback journal file refuses a write while another connection holds a read open.
                statement.execute("PRAGMA busy_timeout = 0");
                assertThat(statement.executeUpdate("UPDATE t SET v = 'uno' WHERE k = 'a'")).isEqualTo(1);
            }
        }
    }

    @Test
    void aDiscardedStatementIsCompiledAfreshAndClosedConnectionsAreForgotten() throws Exception {
        var compiled = new CompiledStatements();
        try (var pool = pool(1)) {
            PreparedStatement first;
            try (Connection connection = pool.getConnection()) {
                first = compiled.prepare(connection, READ);
                compiled.discard(connection, READ);
                assertThat(first.isClosed()).isTrue();
                PreparedStatement fresh = compiled.prepare(connection, READ);
                assertThat(fresh).isNotSameAs(first);
                assertThat(value(fresh, "a")).isEqualTo("one");
            }
            Connection evicted;
            try (Connection connection = pool.getConnection()) {
                evicted = connection.unwrap(Connection.class);
                pool.evictConnection(connection); // the pool closes the physical connection, on a thread of its own
            }
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (!evicted.isClosed() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(evicted.isClosed()).as("the pool closed the evicted connection").isTrue();
            try (Connection connection = pool.getConnection()) {
                assertThat(value(compiled.prepare(connection, READ), "b")).isEqualTo("two");
            }
            assertThat(compiled.connections()).as("only the live connection is remembered").isEqualTo(1);
        }
    }

    private static String value(PreparedStatement statement, String key) throws SQLException {
        statement.setString(1, key);
        try (ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
