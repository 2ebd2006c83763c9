package io.flowgate.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL: the connection's network timeout (the socket's read timeout, in milliseconds, unlike
 * {@code Statement.setQueryTimeout}'s whole seconds) is what ends a wait on a stalled server, which can
 * enforce nothing itself; {@code statement_timeout} lets a server that is alive but slow (a row lock held
 * elsewhere) cancel the statement and roll the transaction back cleanly, keeping the connection.
 *
 * <p>Every connection starts with a session {@code statement_timeout} just under the socket timeout
 * ({@link #sessionSetting()}, run once when the pool opens it). A transaction whose request has less time left
 * than that tightens it with {@code SET LOCAL}; one with more needs nothing, which saves a round trip to the
 * server at most steps (a step reaches its update with most of its deadline left, and the deadline is longer
 * than the socket timeout).
 */
final class PostgresCallLimits implements CallLimits {

    /** The server's own timeout fires this much earlier, so that it, not the socket, usually ends a slow update. */
    static final int SERVER_SIDE_LEAD_MILLIS = 50;

    private final int sessionStatementMillis;

    /** @param socketTimeoutMillis the driver's socket timeout, which bounds every call without a deadline */
    PostgresCallLimits(long socketTimeoutMillis) {
        this.sessionStatementMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                socketTimeoutMillis - SERVER_SIDE_LEAD_MILLIS));
    }

    /** The statement the pool runs on every new connection. */
    String sessionSetting() {
        return "SET statement_timeout = " + sessionStatementMillis;
    }

    @Override
    public void limitConnection(Connection connection, int millis) throws SQLException {
        // pgjdbc ignores the executor; HikariCP restores the pool's timeout when the connection comes back.
        connection.setNetworkTimeout(Runnable::run, millis);
    }

    @Override
    public void release(Connection connection) {
        // nothing: HikariCP resets the network timeout, and SET LOCAL ends with its transaction
    }

    @Override
    public void limitTransaction(Connection connection, int millis) throws SQLException {
        int serverMillis = Math.max(1, millis - SERVER_SIDE_LEAD_MILLIS);
        if (serverMillis >= sessionStatementMillis) {
            return; // the session's timeout is already as tight
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = " + serverMillis);
        }
    }
}
