package io.flowgate.storage.jdbc;

import io.flowgate.core.domain.Deadline;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes a connection from the pool within a request's deadline. HikariCP waits up to its fixed
 * connectionTimeout (plus a validation of an idle connection); when less than that is left, the wait runs on
 * a virtual thread that the caller gives up on at the deadline, and a connection that arrives after that goes
 * straight back to the pool unused.
 */
final class DeadlineConnections {

    private final DataSource pool;
    private final long poolBoundNanos;

    /** @param poolBound the longest the pool itself can take to hand out a connection */
    DeadlineConnections(DataSource pool, Duration poolBound) {
        this.pool = pool;
        this.poolBoundNanos = poolBound.toNanos();
    }

    Connection acquire(Deadline deadline) throws SQLException {
        if (deadline.remainingNanos() > poolBoundNanos) {
            return pool.getConnection(); // the pool gives up before the deadline
        }
        var handOver = new CompletableFuture<Connection>();
        Thread.ofVirtual().name("flowgate-jdbc-acquire").start(() -> {
            try {
                Connection connection = pool.getConnection();
                if (!handOver.complete(connection)) {
                    closeQuietly(connection); // its request gave up waiting
                }
            } catch (Throwable e) {
                handOver.completeExceptionally(e);
            }
        });
        try {
            return settled(handOver, deadline.remainingNanos());
        } catch (TimeoutException e) {
            if (handOver.cancel(false)) {
                throw new SQLTimeoutException("no database connection became free before the request's deadline");
            }
            return settledNow(handOver); // it arrived just as the wait ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!handOver.cancel(false)) {
                try {
                    closeQuietly(settledNow(handOver));
                } catch (SQLException ignored) {
                    // it failed anyway
                }
            }
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
    }

    private static Connection settled(CompletableFuture<Connection> handOver, long nanos)
            throws SQLException, TimeoutException, InterruptedException {
        try {
            return handOver.get(nanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    private static Connection settledNow(CompletableFuture<Connection> handOver) throws SQLException {
        try {
            return handOver.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
    }

    private static SQLException unwrap(ExecutionException e) {
        return switch (e.getCause()) {
            case SQLException sql -> sql;
            case RuntimeException runtime -> throw runtime;
            case Error error -> throw error;
            default -> new SQLException(e.getCause());
        };
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a broken connection is dropped by the pool
        }
    }
}
