package io.flowgate.storage.jdbc;

import io.flowgate.core.concurrent.DeadlineAlarms;
import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Session updates of the embedded store, committed together: SQLite has one writer and, with
 * {@code synchronous=FULL}, each commit waits for an fsync, so one transaction per step capped strict-token
 * steps at the disk's fsync rate (about 2,100 steps/s measured here, with both cores half idle). One thread
 * takes every update waiting, runs each statement (each keeps its own version check and so its own result),
 * and commits them with one fsync: each update is still durable before its caller hears it was saved.
 *
 * <p>A caller whose deadline passes while its update waits takes it back, and it is never run; once the
 * committer has taken it (only with {@link JdbcStateStore#COMMIT_RESERVE_NANOS} left), the commit decides, and
 * the caller waits for it. The caller's wait has no timeout of its own (a timer per update cost more than the
 * update's statement): an alarm ({@link DeadlineAlarms}) takes the update back, or fails the wait once the commit
 * is {@value #TAKEN_WAIT_SECONDS} s late. A failed statement or commit rolls back the whole batch and fails each update in it:
 * none of them was saved.
 */
final class GroupCommit implements AutoCloseable {

    /** Binds one update's parameters to the shared statement. */
    interface Binding {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Updates per transaction at most: bounds the time a batch holds SQLite's write lock. */
    static final int MAX_BATCH = 256;
    /** How long a caller whose update was taken waits for the commit beyond its deadline (a stuck disk). */
    private static final long TAKEN_WAIT_SECONDS = 5;
    private static final int PENDING = 0;
    private static final int TAKEN = 1;
    private static final int ABANDONED = 2;

    private final DataSource dataSource;
    private final String sql;
    private final String description;
    private final LinkedBlockingQueue<Update> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private final DeadlineAlarms deadlines = new DeadlineAlarms("flowgate-embedded-commit-deadlines",
            Duration.ofMillis(50));
    private volatile boolean closed;

    /** The update stays compiled per connection: compiling it for every batch was about 1 % of an INIT's CPU. */
    private final CompiledStatements compiled;

    GroupCommit(DataSource dataSource, String sql, String description, CompiledStatements compiled) {
        this.dataSource = dataSource;
        this.compiled = compiled;
        this.sql = sql;
        this.description = description;
        this.committer = Thread.ofPlatform().name("flowgate-embedded-commit").daemon(true).start(this::commitLoop);
    }

    private static final class Update {
        final Binding binding;
        final Deadline deadline;
        final AtomicInteger state = new AtomicInteger(PENDING);
        final CompletableFuture<Integer> changed = new CompletableFuture<>();

        Update(Binding binding, Deadline deadline) {
            this.binding = binding;
            this.deadline = deadline;
        }
    }

    /**
     * Runs the statement for this update in the next batch and returns the rows it changed, once committed.
     *
     * @throws DeadlineExceededException the deadline passed before the update was taken: it was not saved
     * @throws SQLException              the batch failed and was rolled back: it was not saved
     */
    int execute(Binding binding, Deadline deadline) throws DeadlineExceededException, SQLException {
        if (closed) {
            throw new IllegalStateException(description + " is closed");
        }
        var update = new Update(binding, deadline);
        queue.add(update);
        DeadlineAlarms.Alarm alarm = deadlines.set(deadline.expiresAtNanos(), () -> deadlinePassed(update));
        try {
            return await(update);
        } finally {
            alarm.cancel();
        }
    }

    /** Rung at the caller's deadline: a pending update is taken back; a taken one has the commit decide, for a while. */
    private void deadlinePassed(Update update) {
        if (update.state.compareAndSet(PENDING, ABANDONED)) {
            update.changed.completeExceptionally(new DeadlineExceededException("before " + description
                    + " could save a session update; nothing was changed"));
        } else if (!update.changed.isDone()) {
            DeadlineAlarms.Alarm stuck = deadlines.set(System.nanoTime() + TimeUnit.SECONDS.toNanos(TAKEN_WAIT_SECONDS),
                    () -> update.changed.completeExceptionally(new IllegalStateException(description + " did not"
                            + " finish committing a session update within " + TAKEN_WAIT_SECONDS + " s of the"
                            + " request's deadline; whether it was saved is not known")));
            update.changed.whenComplete((changed, failure) -> stuck.cancel());
        }
    }

    private static int await(Update update) throws SQLException, DeadlineExceededException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return update.changed.get();
                } catch (InterruptedException e) {
                    // The caller's outcome must match the store's: keep waiting (the alarms bound it), then say so.
                    interrupted = true;
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case SQLException failed -> throw failed;
                        case DeadlineExceededException late -> throw late;
                        case IllegalStateException stuck -> throw stuck;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void commitLoop() {
        List<Update> waiting = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                Update first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                waiting.add(first);
                queue.drainTo(waiting, MAX_BATCH - 1);
                List<Update> taken = new ArrayList<>(waiting.size());
                for (Update update : waiting) {
                    if (update.deadline.remainingNanos() >= JdbcStateStore.COMMIT_RESERVE_NANOS
                            && update.state.compareAndSet(PENDING, TAKEN)) {
                        taken.add(update);
                    } else if (update.state.compareAndSet(PENDING, ABANDONED)) {
                        update.changed.completeExceptionally(new DeadlineExceededException("before " + description
                                + " could commit a session update (too little time left); nothing was changed"));
                    }
                }
                waiting.clear();
                if (!taken.isEmpty()) {
                    commit(taken);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                // A bug here must not leave callers waiting: the next batch starts afresh.
                System.getLogger(GroupCommit.class.getName()).log(System.Logger.Level.ERROR,
                        "the embedded store's commit thread failed", e);
            }
        }
        failAll(new SQLException(description + " is closed"));
    }

    private void commit(List<Update> taken) {
        long leastMillis = Long.MAX_VALUE;
        for (Update update : taken) {
            leastMillis = Math.min(leastMillis, update.deadline.remainingNanos() / 1_000_000);
        }
        int[] changed = new int[taken.size()];
        try (Connection connection = dataSource.getConnection()) {
            SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);
            int busyTimeout = sqlite.getBusyTimeout();
            // Another writer (the inbox, the purge) may hold the lock: wait no longer than the most urgent update may.
            sqlite.setBusyTimeout((int) Math.max(1, Math.min(busyTimeout, leastMillis - 10)));
            connection.setAutoCommit(false);
            try {
                PreparedStatement statement = compiled.prepare(connection, sql);
                for (int i = 0; i < changed.length; i++) {
                    taken.get(i).binding.bind(statement);
                    changed[i] = statement.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                compiled.discard(connection, sql);
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; the pool drops it
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
                sqlite.setBusyTimeout(busyTimeout);
            }
        } catch (SQLException | RuntimeException e) {
            SQLException failure = e instanceof SQLException sql ? sql : new SQLException(e);
            if (lockWaitEnded(failure)) {
                // Another writer held the lock for longer than the most urgent update could wait: that one is
                // late, the others wait for the next batch.
                for (Update update : taken) {
                    if (update.deadline.remainingNanos() >= JdbcStateStore.COMMIT_RESERVE_NANOS) {
                        update.state.set(PENDING);
                        queue.add(update);
                    } else {
                        update.changed.completeExceptionally(new DeadlineExceededException("while " + description
                                + " waited for another writer's lock; the session update was rolled back and nothing"
                                + " was changed"));
                    }
                }
                return;
            }
            taken.forEach(update -> update.changed.completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < changed.length; i++) {
            taken.get(i).changed.complete(changed[i]);
        }
    }

    private static boolean lockWaitEnded(SQLException failure) {
        return failure instanceof SQLiteException sqlite && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_BUSY
                || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT);
    }

    private void failAll(SQLException failure) {
        Update update;
        while ((update = queue.poll()) != null) {
            if (update.state.compareAndSet(PENDING, ABANDONED)) {
                update.changed.completeExceptionally(failure);
            }
        }
    }

    /** Lets the batch being committed finish; updates still waiting fail as not saved. */
    @Override
    public void close() {
        closed = true;
        try {
            committer.join(TimeUnit.SECONDS.toMillis(TAKEN_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(new SQLException(description + " is closed"));
        deadlines.close();
    }
}
