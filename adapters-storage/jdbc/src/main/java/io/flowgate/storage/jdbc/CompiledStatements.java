package io.flowgate.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Keeps one compiled statement per SQL text and physical connection, for a driver that compiles the SQL at
 * every {@code prepareStatement}: sqlite-jdbc keeps no cache (pgjdbc does, and PostgreSQL keeps the plan). For
 * the session read, the hottest statement of a step, compiling was about 4 % of a strict-token INIT's CPU on
 * the embedded store, and about 1 % more for the group commit's update (docs/benchmarks.md).
 *
 * <p>The statements belong to the physical connection under HikariCP's proxy, so the pool neither tracks nor
 * closes them when the connection goes back; a pooled connection is used by one thread at a time, and so is
 * its statement. A connection the pool has closed is forgotten the next time a new one is seen. A caller
 * closes the result set before the connection goes back (SQLite keeps a read open until then) and calls
 * {@link #discard} after a failure, so that a statement left in an unknown state is not used again.
 */
final class CompiledStatements {

    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

    /** The compiled statement for {@code sql} on the physical connection behind {@code pooled}; never close it. */
    PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class);
        Map<String, PreparedStatement> statements;
        synchronized (byConnection) {
            statements = byConnection.get(physical);
            if (statements == null) {
                forgetClosedConnections();
                statements = new HashMap<>();
                byConnection.put(physical, statements);
            }
        }
        // Only the thread that holds the connection reaches its map.
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = physical.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    /** Closes and forgets {@code sql}'s statement on {@code pooled}'s physical connection. */
    void discard(Connection pooled, String sql) {
        try {
            Connection physical = pooled.unwrap(Connection.class);
            Map<String, PreparedStatement> statements;
            synchronized (byConnection) {
                statements = byConnection.get(physical);
            }
            PreparedStatement statement = statements == null ? null : statements.remove(sql);
            if (statement != null) {
                statement.close();
            }
        } catch (SQLException ignored) {
            // the connection is broken; the pool closes it, and with it the statement
        }
    }

    /** Connections the pool has closed since the last new one; called with the map's lock held. */
    private void forgetClosedConnections() {
        byConnection.keySet().removeIf(connection -> {
            try {
                return connection.isClosed();
            } catch (SQLException e) {
                return true;
            }
        });
    }

    /** Physical connections with statements kept; for tests. */
    int connections() {
        synchronized (byConnection) {
            return byConnection.size();
        }
    }
}
