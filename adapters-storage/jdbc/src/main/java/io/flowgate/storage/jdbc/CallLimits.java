package io.flowgate.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How one database bounds a single call by what is left of the request's deadline. The pool's own timeouts
 * are fixed; a request that has spent most of its time in the plugin needs a tighter bound than they give.
 */
interface CallLimits {

    /** Bounds every wait of the next statements on {@code connection} to {@code millis}. */
    void limitConnection(Connection connection, int millis) throws SQLException;

    /** Undoes {@link #limitConnection} before the connection goes back to the pool; never throws. */
    void release(Connection connection);

    /** Run first inside a transaction: bounds its statements on the database's side too. */
    void limitTransaction(Connection connection, int millis) throws SQLException;
}
