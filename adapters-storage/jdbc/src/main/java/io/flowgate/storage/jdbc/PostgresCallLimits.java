package io.flowgate.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL: the connection's network timeout (the socket's read timeout, in milliseconds, unlike
 * {@code Statement.setQueryTimeout}'s whole seconds) is what ends a wait on a stalled server, which can
 * enforce nothing itself; {@code SET LOCAL statement_timeout} lets a server that is alive but slow (a row
 * lock held elsewhere) cancel the statement and roll the transaction back cleanly, keeping the connection.
 */
final class PostgresCallLimits implements CallLimits {

    /** The server's own timeout fires this much earlier, so that it, not the socket, usually ends a slow update. */
    private static final int SERVER_SIDE_LEAD_MILLIS = 50;

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
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = " + serverMillis);
        }
    }
}
