package io.flowgate.storage.jdbc;

import org.sqlite.SQLiteConnection;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * SQLite runs in the process, so the only wait a call can meet is another connection's lock: the busy
 * timeout, lowered to what is left of the deadline for the call and restored afterwards.
 */
final class SqliteCallLimits implements CallLimits {

    private final int busyTimeoutMillis;

    /** @param busyTimeoutMillis the pool's busy timeout, restored after each bounded call */
    SqliteCallLimits(int busyTimeoutMillis) {
        this.busyTimeoutMillis = busyTimeoutMillis;
    }

    @Override
    public void limitConnection(Connection connection, int millis) throws SQLException {
        connection.unwrap(SQLiteConnection.class).setBusyTimeout(Math.min(millis, busyTimeoutMillis));
    }

    @Override
    public void release(Connection connection) {
        try {
            connection.unwrap(SQLiteConnection.class).setBusyTimeout(busyTimeoutMillis);
        } catch (SQLException e) {
            // the connection is broken; the pool drops it
        }
    }

    @Override
    public void limitTransaction(Connection connection, int millis) {
        // the busy timeout set for the call covers the transaction's lock waits
    }
}
