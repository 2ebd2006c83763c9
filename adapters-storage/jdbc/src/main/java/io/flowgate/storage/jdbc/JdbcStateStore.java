package io.flowgate.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.flowgate.core.domain.AbandonedSession;
import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.InboxCursor;
import io.flowgate.core.domain.InboxEntry;
import io.flowgate.core.domain.InboxEvent;
import io.flowgate.core.domain.Journey;
import io.flowgate.core.domain.ReceivedMetaAlert;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.domain.StartedSession;
import io.flowgate.core.port.out.StateStore;

import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The StateStore port over JDBC, in SQL that SQLite and PostgreSQL both run. Every method is one statement
 * or a conditional update, so concurrent instances never lose an update: sessions carry a version that
 * updates must name, webhook events are claimed with a lease by an update that only one instance wins, and an
 * attempt's outcome is written only by the claim that started it.
 *
 * <p>The calls of a data-endpoint step are bounded by the request's deadline: the wait for a connection
 * ({@link DeadlineConnections}), every statement ({@link CallLimits}), and the session update is a
 * transaction that is rolled back unless it can commit with time to spare, so that a step answered with an
 * error is not applied later by a database that resumes.
 */
final class JdbcStateStore implements StateStore {

    private static final System.Logger LOG = System.getLogger(JdbcStateStore.class.getName());
    /** A session update commits only with this much time left: a commit with fsync takes a few milliseconds. */
    static final long COMMIT_RESERVE_NANOS = 50_000_000;
    /** PostgreSQL's SQLSTATE query_canceled: statement_timeout fired. */
    private static final String QUERY_CANCELED = "57014";

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final String BASE_COLUMNS =
            "token, flow_id, wa_id, context_json, data_json, version, issued_at, expires_at, completed_at, message_id";
    private static final String SESSION_COLUMNS = BASE_COLUMNS + ", " + JourneyColumns.READ;
    /** The first journey column in {@link #SESSION_COLUMNS}. */
    private static final int JOURNEY_COLUMN = 11;

    private static final String INSERT_SESSION = "INSERT INTO flow_sessions (" + BASE_COLUMNS + ", "
            + JourneyColumns.WRITTEN + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token) DO NOTHING";
    private static final String FIND_SESSION = "SELECT " + SESSION_COLUMNS + " FROM flow_sessions WHERE token = ?";
    /** The path travels in the step's own statement: no round trip of its own. */
    private static final String UPDATE_SESSION = "UPDATE flow_sessions SET data_json = ?, " + JourneyColumns.ASSIGNED
            + ", version = version + 1,"
            + " completed_at = CASE WHEN ? = 1 AND completed_at IS NULL THEN ? ELSE completed_at END"
            + " WHERE token = ? AND version = ?";

    private final HikariDataSource dataSource;
    private final DeadlineConnections connections;
    private final CallLimits limits;
    private final String description;
    private final ObjectMapper json = JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();
    private final JourneyColumns journeys = new JourneyColumns(json);
    private final JdbcMetaAlerts alerts;

    /** Session updates committed together (the embedded store: one writer, an fsync per commit); else each alone. */
    private final Optional<GroupCommit> groupCommit;

    /** The session read kept compiled per connection (the embedded store: SQLite compiles at every prepare). */
    private final Optional<CompiledStatements> compiledReads;

    JdbcStateStore(HikariDataSource dataSource, DeadlineConnections connections, CallLimits limits, String description,
                   boolean groupCommitSessionUpdates, boolean keepSessionReadsCompiled) {
        // One set of compiled statements per physical connection, shared by the session read and the group commit.
        var compiled = new CompiledStatements();
        this.groupCommit = groupCommitSessionUpdates
                ? Optional.of(new GroupCommit(dataSource, UPDATE_SESSION, description, compiled)) : Optional.empty();
        this.compiledReads = keepSessionReadsCompiled ? Optional.of(compiled) : Optional.empty();
        this.alerts = new JdbcMetaAlerts(dataSource, json, description);
        this.dataSource = dataSource;
        this.connections = connections;
        this.limits = limits;
        this.description = description;
    }

    @Override
    public boolean insert(SessionRecord s) {
        return update(INSERT_SESSION, statement -> bindInsert(statement, s)) == 1;
    }

    @Override
    public boolean insert(SessionRecord s, Deadline deadline) throws DeadlineExceededException {
        return within(deadline, "inserting a session", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_SESSION)) {
                bindInsert(statement, s);
                return statement.executeUpdate() == 1;
            }
        });
    }

    private void bindInsert(PreparedStatement statement, SessionRecord s) throws SQLException {
        statement.setString(1, s.token());
        statement.setString(2, s.flowId().value());
        statement.setString(3, s.waId());
        statement.setString(4, write(s.context()));
        statement.setString(5, write(s.data()));
        statement.setLong(6, s.version());
        statement.setLong(7, s.issuedAt().toEpochMilli());
        statement.setLong(8, s.expiresAt().toEpochMilli());
        if (s.completedAt().isPresent()) {
            statement.setLong(9, s.completedAt().get().toEpochMilli());
        } else {
            statement.setNull(9, Types.BIGINT);
        }
        statement.setString(10, s.messageId().isEmpty() ? null : s.messageId());
        journeys.bind(statement, 11, s.journey());
    }

    @Override
    public Optional<SessionRecord> find(String token) {
        return findSession(FIND_SESSION, token);
    }

    @Override
    public Optional<SessionRecord> find(String token, Deadline deadline) throws DeadlineExceededException {
        return within(deadline, "reading a session", connection -> readSession(connection, FIND_SESSION, token));
    }

    @Override
    public boolean update(String token, long expectedVersion, Map<String, Object> data, Journey journey, boolean complete,
                          Instant now, Deadline deadline) throws DeadlineExceededException {
        String values = write(data);
        if (groupCommit.isPresent()) {
            millisLeft(deadline, "updating a session");
            JourneyColumns.Written path = journeys.written(journey);
            try {
                return groupCommit.get().execute(statement -> {
                    statement.setString(1, values);
                    journeys.bind(statement, 2, path);
                    int next = 2 + JourneyColumns.WRITTEN_COUNT;
                    statement.setInt(next, complete ? 1 : 0);
                    statement.setLong(next + 1, now.toEpochMilli());
                    statement.setString(next + 2, token);
                    statement.setLong(next + 3, expectedVersion);
                }, deadline) == 1;
            } catch (SQLException e) {
                throw failure("updating a session", e);
            }
        }
        return within(deadline, "updating a session", connection -> {
            // One transaction, so that a statement cut off by the deadline (or by a lost connection) rolls back
            // rather than committing on its own when the database resumes.
            connection.setAutoCommit(false);
            try {
                limits.limitTransaction(connection, millisLeft(deadline, "updating a session"));
                int changed;
                try (PreparedStatement statement = connection.prepareStatement(UPDATE_SESSION)) {
                    statement.setString(1, values);
                    journeys.bind(statement, 2, journey);
                    int next = 2 + JourneyColumns.WRITTEN_COUNT;
                    statement.setInt(next, complete ? 1 : 0);
                    statement.setLong(next + 1, now.toEpochMilli());
                    statement.setString(next + 2, token);
                    statement.setLong(next + 3, expectedVersion);
                    changed = statement.executeUpdate();
                }
                if (changed == 1 && deadline.remainingNanos() < COMMIT_RESERVE_NANOS) {
                    connection.rollback();
                    throw new DeadlineExceededException("before " + description
                            + " could commit a session update; it was rolled back");
                }
                commit(connection, deadline);
                return changed == 1;
            } catch (SQLException | DeadlineExceededException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        });
    }

    private void commit(Connection connection, Deadline deadline) throws SQLException, DeadlineExceededException {
        try {
            connection.commit();
        } catch (SQLException e) {
            if (!timedOut(deadline, e)) {
                throw e;
            }
            // Sent but not confirmed: the database may still apply it when it resumes. The reserve above makes
            // this a stall that began within the last milliseconds of the deadline; say so where it is seen.
            LOG.log(Level.WARNING, "{0} did not confirm the commit of a session update before the request''s"
                    + " deadline; the request is answered 503 and the update may still be applied", description);
            throw new DeadlineExceededException("while waiting for " + description
                    + " to confirm a session update, which it may still apply", e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: the database rolls back when it sees it closed
        }
    }

    @Override
    public boolean markCompleted(String token, Instant now) {
        return update("UPDATE flow_sessions SET completed_at = ?, version = version + 1"
                + " WHERE token = ? AND completed_at IS NULL", statement -> {
            statement.setLong(1, now.toEpochMilli());
            statement.setString(2, token);
        }) == 1;
    }

    @Override
    public boolean attachMessageId(String token, String messageId) {
        return update("UPDATE flow_sessions SET message_id = ? WHERE token = ?", statement -> {
            statement.setString(1, messageId);
            statement.setString(2, token);
        }) == 1;
    }

    @Override
    public boolean revoke(String token, Instant now) {
        // The version moves too, so a step that read the live session cannot save over the revocation.
        return update("UPDATE flow_sessions SET expires_at = ?, version = version + 1"
                + " WHERE token = ? AND completed_at IS NULL AND expires_at > ?", statement -> {
            statement.setLong(1, now.toEpochMilli());
            statement.setString(2, token);
            statement.setLong(3, now.toEpochMilli());
        }) == 1;
    }

    @Override
    public Optional<SessionRecord> findByMessageId(String messageId) {
        return findSession("SELECT " + SESSION_COLUMNS + " FROM flow_sessions WHERE message_id = ?", messageId);
    }

    @Override
    public int purgeSessions(Instant cutoff) {
        return update("DELETE FROM flow_sessions WHERE expires_at < ? OR (completed_at IS NOT NULL AND completed_at < ?)",
                statement -> {
                    statement.setLong(1, cutoff.toEpochMilli());
                    statement.setLong(2, cutoff.toEpochMilli());
                });
    }

    @Override
    public List<StartedSession> startedSince(FlowId flowId, Instant since) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT token, expires_at, completed_at, "
                     + JourneyColumns.READ + " FROM flow_sessions WHERE flow_id = ? AND started_at >= ?")) {
            statement.setString(1, flowId.value());
            statement.setLong(2, since.toEpochMilli());
            List<StartedSession> started = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    started.add(new StartedSession(row.getString(1), flowId, Instant.ofEpochMilli(row.getLong(2)),
                            instant(row, 3), journeys.read(row, 4)));
                }
            }
            return started;
        } catch (SQLException e) {
            throw failure("reading the journeys of flow " + flowId, e);
        }
    }

    /** Not completed, idle since the cutoff, not expired before it counted as abandoned, not claimed since its last step. */
    private static final String NEWLY_ABANDONED = "completed_at IS NULL AND last_step_at IS NOT NULL"
            + " AND last_step_at <= ? AND expires_at - last_step_at > ?"
            + " AND (abandoned_at IS NULL OR abandoned_at < last_step_at)";
    /** A pending claim whose lease or backoff is over, still abandoned (no step since, not completed). */
    private static final String RETRY_DUE = "abandon_state = 'pending' AND abandon_due_at <= ? AND completed_at IS NULL"
            + " AND last_step_at <= abandoned_at";

    @Override
    public List<AbandonedSession> claimAbandoned(Duration abandonAfter, int max, String owner, Instant now,
                                                 Instant leaseUntil) {
        long idleBefore = now.minus(abandonAfter).toEpochMilli();
        long after = abandonAfter.toMillis();
        try (Connection connection = dataSource.getConnection()) {
            List<String> candidates = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT token FROM flow_sessions WHERE ("
                    + NEWLY_ABANDONED + ") OR (" + RETRY_DUE + ") ORDER BY last_step_at, token LIMIT ?")) {
                select.setLong(1, idleBefore);
                select.setLong(2, after);
                select.setLong(3, now.toEpochMilli());
                select.setInt(4, max);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        candidates.add(rows.getString(1));
                    }
                }
            }
            List<AbandonedSession> claimed = new ArrayList<>();
            for (String token : candidates) {
                // Each update re-checks its condition: of two instances, one matches the row.
                boolean won;
                try (PreparedStatement first = connection.prepareStatement("UPDATE flow_sessions SET abandoned_at = ?,"
                        + " abandoned_screen = current_screen, abandon_state = 'pending', abandon_attempts = 1,"
                        + " abandon_owner = ?, abandon_due_at = ?, abandon_error_type = NULL, abandon_error_message = NULL"
                        + " WHERE token = ? AND " + NEWLY_ABANDONED)) {
                    first.setLong(1, now.toEpochMilli());
                    first.setString(2, owner);
                    first.setLong(3, leaseUntil.toEpochMilli());
                    first.setString(4, token);
                    first.setLong(5, idleBefore);
                    first.setLong(6, after);
                    won = first.executeUpdate() == 1;
                }
                if (!won) {
                    try (PreparedStatement again = connection.prepareStatement("UPDATE flow_sessions SET"
                            + " abandon_attempts = abandon_attempts + 1, abandon_owner = ?, abandon_due_at = ?"
                            + " WHERE token = ? AND " + RETRY_DUE)) {
                        again.setString(1, owner);
                        again.setLong(2, leaseUntil.toEpochMilli());
                        again.setString(3, token);
                        again.setLong(4, now.toEpochMilli());
                        won = again.executeUpdate() == 1;
                    }
                }
                if (won) {
                    readClaim(connection, token).ifPresent(claimed::add);
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw failure("claiming abandoned sessions", e);
        }
    }

    private Optional<AbandonedSession> readClaim(Connection connection, String token) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("SELECT flow_id, wa_id, context_json, data_json,"
                + " abandoned_screen, abandoned_at, abandon_attempts FROM flow_sessions WHERE token = ?")) {
            read.setString(1, token);
            try (ResultSet row = read.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AbandonedSession(token, new FlowId(row.getString(1)), row.getString(2),
                        read(row.getString(3)), read(row.getString(4)), row.getString(5),
                        Instant.ofEpochMilli(row.getLong(6)), row.getInt(7)));
            }
        }
    }

    /** An outcome counts only for the claim that started the attempt: same owner, attempt and abandonment. */
    private static final String OF_THIS_ABANDONMENT = " WHERE token = ? AND abandon_state = 'pending'"
            + " AND abandon_owner = ? AND abandon_attempts = ? AND abandoned_at = ?";

    private static void bindAbandonment(PreparedStatement statement, int first, AbandonedSession claimed, String owner)
            throws SQLException {
        statement.setString(first, claimed.token());
        statement.setString(first + 1, owner);
        statement.setInt(first + 2, claimed.attempts());
        statement.setLong(first + 3, claimed.abandonedAt().toEpochMilli());
    }

    @Override
    public boolean markAbandonmentDelivered(AbandonedSession claimed, String owner) {
        return update("UPDATE flow_sessions SET abandon_state = 'delivered', abandon_owner = NULL" + OF_THIS_ABANDONMENT,
                statement -> bindAbandonment(statement, 1, claimed, owner)) == 1;
    }

    @Override
    public boolean scheduleAbandonmentRetry(AbandonedSession claimed, String owner, DeliveryError error, Instant retryAt) {
        return update("UPDATE flow_sessions SET abandon_due_at = ?, abandon_owner = NULL, abandon_error_type = ?,"
                + " abandon_error_message = ?" + OF_THIS_ABANDONMENT, statement -> {
            statement.setLong(1, retryAt.toEpochMilli());
            statement.setString(2, error.type());
            statement.setString(3, error.message());
            bindAbandonment(statement, 4, claimed, owner);
        }) == 1;
    }

    @Override
    public boolean markAbandonmentFailed(AbandonedSession claimed, String owner, DeliveryError error) {
        return update("UPDATE flow_sessions SET abandon_state = 'failed', abandon_owner = NULL, abandon_error_type = ?,"
                + " abandon_error_message = ?" + OF_THIS_ABANDONMENT, statement -> {
            statement.setString(1, error.type());
            statement.setString(2, error.message());
            bindAbandonment(statement, 3, claimed, owner);
        }) == 1;
    }

    @Override
    public boolean add(String messageId, String payload, Instant now) {
        return update("INSERT INTO webhook_events (message_id, payload, received_at, attempts, lease_until, state)"
                + " VALUES (?, ?, ?, 0, 0, 'pending') ON CONFLICT (message_id) DO NOTHING", statement -> {
            statement.setString(1, messageId);
            statement.setString(2, payload);
            statement.setLong(3, now.toEpochMilli());
        }) == 1;
    }

    @Override
    public List<InboxEvent> claim(int max, String owner, Instant now, Instant leaseUntil) {
        List<String> candidates = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT message_id FROM webhook_events"
                     + " WHERE state = 'pending' AND lease_until <= ? ORDER BY received_at, message_id LIMIT ?")) {
            select.setLong(1, now.toEpochMilli());
            select.setInt(2, max);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    candidates.add(rows.getString(1));
                }
            }
            List<InboxEvent> claimed = new ArrayList<>();
            for (String messageId : candidates) {
                // Only one instance's update matches: the due condition is re-checked atomically. RETURNING
                // reads the claimed row in the same round trip (PostgreSQL, and SQLite since 3.35).
                try (PreparedStatement lease = connection.prepareStatement("UPDATE webhook_events"
                        + " SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, last_attempt_at = ?"
                        + " WHERE message_id = ? AND state = 'pending' AND lease_until <= ?"
                        + " RETURNING payload, received_at, attempts")) {
                    lease.setString(1, owner);
                    lease.setLong(2, leaseUntil.toEpochMilli());
                    lease.setLong(3, now.toEpochMilli());
                    lease.setString(4, messageId);
                    lease.setLong(5, now.toEpochMilli());
                    try (ResultSet row = lease.executeQuery()) {
                        if (row.next()) {
                            claimed.add(new InboxEvent(messageId, row.getString(1),
                                    Instant.ofEpochMilli(row.getLong(2)), row.getInt(3)));
                        }
                    }
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw failure("claiming webhook events", e);
        }
    }

    @Override
    public boolean markDelivered(InboxEvent claimed, String owner, String flowId, Instant now) {
        return update("UPDATE webhook_events SET state = 'delivered', delivered_at = ?, lease_owner = NULL,"
                + " flow_id = COALESCE(?, flow_id)" + OF_THIS_CLAIM, statement -> {
            statement.setLong(1, now.toEpochMilli());
            setFlowId(statement, 2, flowId);
            bindClaim(statement, 3, claimed, owner);
        }) == 1;
    }

    @Override
    public boolean scheduleRetry(InboxEvent claimed, String owner, String flowId, DeliveryError error, Instant retryAt) {
        return update("UPDATE webhook_events SET lease_until = ?, lease_owner = NULL, last_error_type = ?,"
                + " last_error_message = ?, flow_id = COALESCE(?, flow_id)" + OF_THIS_CLAIM, statement -> {
            statement.setLong(1, retryAt.toEpochMilli());
            statement.setString(2, error.type());
            statement.setString(3, error.message());
            setFlowId(statement, 4, flowId);
            bindClaim(statement, 5, claimed, owner);
        }) == 1;
    }

    @Override
    public boolean markFailed(InboxEvent claimed, String owner, String flowId, DeliveryError error, Instant now) {
        return update("UPDATE webhook_events SET state = 'failed', failed_at = ?, lease_owner = NULL,"
                + " last_error_type = ?, last_error_message = ?, flow_id = COALESCE(?, flow_id)" + OF_THIS_CLAIM,
                statement -> {
                    statement.setLong(1, now.toEpochMilli());
                    statement.setString(2, error.type());
                    statement.setString(3, error.message());
                    setFlowId(statement, 4, flowId);
                    bindClaim(statement, 5, claimed, owner);
                }) == 1;
    }

    @Override
    public Optional<Instant> oldestPending() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT MIN(received_at) FROM webhook_events WHERE state = 'pending'");
             ResultSet row = statement.executeQuery()) {
            long receivedAt = row.next() ? row.getLong(1) : 0;
            return row.wasNull() || receivedAt == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(receivedAt));
        } catch (SQLException e) {
            throw failure("reading the oldest pending webhook event", e);
        }
    }

    @Override
    public List<InboxEntry> list(DeliveryState state, int limit, Optional<InboxCursor> after) {
        String sql = "SELECT message_id, flow_id, state, attempts, last_error_type, last_error_message, received_at,"
                + " last_attempt_at, lease_until, delivered_at, failed_at FROM webhook_events WHERE state = ?"
                + (after.isPresent() ? " AND (received_at < ? OR (received_at = ? AND message_id < ?))" : "")
                + " ORDER BY received_at DESC, message_id DESC LIMIT ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            int parameter = 1;
            statement.setString(parameter++, state.code());
            if (after.isPresent()) {
                statement.setLong(parameter++, after.get().receivedAt().toEpochMilli());
                statement.setLong(parameter++, after.get().receivedAt().toEpochMilli());
                statement.setString(parameter++, after.get().messageId());
            }
            statement.setInt(parameter, limit);
            List<InboxEntry> entries = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    entries.add(entry(row));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw failure("listing webhook events", e);
        }
    }

    private static InboxEntry entry(ResultSet row) throws SQLException {
        String stateCode = row.getString(3);
        DeliveryState state = DeliveryState.fromCode(stateCode)
                .orElseThrow(() -> new SQLException("unknown webhook event state " + stateCode));
        String errorType = row.getString(5);
        Optional<DeliveryError> error = errorType == null ? Optional.empty()
                : Optional.of(new DeliveryError(errorType, Objects.requireNonNullElse(row.getString(6), "")));
        Instant receivedAt = Instant.ofEpochMilli(row.getLong(7));
        Optional<Instant> lastAttemptAt = instant(row, 8);
        long dueAt = row.getLong(9);
        Optional<Instant> nextAttemptAt = state == DeliveryState.PENDING
                ? Optional.of(dueAt > receivedAt.toEpochMilli() ? Instant.ofEpochMilli(dueAt) : receivedAt)
                : Optional.empty();
        Optional<Instant> finishedAt = switch (state) {
            case PENDING -> Optional.empty();
            case DELIVERED -> instant(row, 10);
            case FAILED -> instant(row, 11);
        };
        return new InboxEntry(row.getString(1), Objects.requireNonNullElse(row.getString(2), ""), state,
                row.getInt(4), error, receivedAt, lastAttemptAt, nextAttemptAt, finishedAt);
    }

    @Override
    public Optional<DeliveryState> requeueFailed(String messageId, Instant now) {
        // A failed event only changes through this method, so the second round settles a race with markFailed.
        for (int round = 0; round < 2; round++) {
            int requeued = update("UPDATE webhook_events SET state = 'pending', attempts = 0, lease_until = ?,"
                    + " lease_owner = NULL, failed_at = NULL WHERE message_id = ? AND state = 'failed'", statement -> {
                statement.setLong(1, now.toEpochMilli());
                statement.setString(2, messageId);
            });
            if (requeued == 1) {
                return Optional.of(DeliveryState.FAILED);
            }
            Optional<DeliveryState> current = stateOf(messageId);
            if (current.isEmpty() || current.get() != DeliveryState.FAILED) {
                return current;
            }
        }
        return Optional.of(DeliveryState.FAILED);
    }

    private Optional<DeliveryState> stateOf(String messageId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT state FROM webhook_events WHERE message_id = ?")) {
            statement.setString(1, messageId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? DeliveryState.fromCode(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading a webhook event", e);
        }
    }

    @Override
    public int purgeDelivered(Instant cutoff) {
        return update("DELETE FROM webhook_events WHERE state = 'delivered' AND received_at < ?",
                statement -> statement.setLong(1, cutoff.toEpochMilli()));
    }

    /** An outcome counts only for the claim that started the attempt: same owner, same attempt, still pending. */
    private static final String OF_THIS_CLAIM =
            " WHERE message_id = ? AND state = 'pending' AND lease_owner = ? AND attempts = ?";

    private static void bindClaim(PreparedStatement statement, int first, InboxEvent claimed, String owner)
            throws SQLException {
        statement.setString(first, claimed.messageId());
        statement.setString(first + 1, owner);
        statement.setInt(first + 2, claimed.attempts());
    }

    private static void setFlowId(PreparedStatement statement, int index, String flowId) throws SQLException {
        if (flowId.isEmpty()) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, flowId);
        }
    }

    private static Optional<Instant> instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    @Override
    public void record(ReceivedMetaAlert alert) {
        alerts.record(alert);
    }

    @Override
    public List<ReceivedMetaAlert> latest(String metaFlowId) {
        return alerts.latest(metaFlowId);
    }

    @Override
    public List<ReceivedMetaAlert> history(String metaFlowId, int limit) {
        return alerts.history(metaFlowId, limit);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        groupCommit.ifPresent(GroupCommit::close);
        dataSource.close();
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface Call<T> {
        T run(Connection connection) throws SQLException, DeadlineExceededException;
    }

    /** Runs {@code call} on a connection taken, and bounded, within what is left of {@code deadline}. */
    private <T> T within(Deadline deadline, String what, Call<T> call) throws DeadlineExceededException {
        millisLeft(deadline, what);
        try (Connection connection = connections.acquire(deadline)) {
            limits.limitConnection(connection, millisLeft(deadline, what));
            try {
                return call.run(connection);
            } finally {
                limits.release(connection);
            }
        } catch (SQLException e) {
            if (timedOut(deadline, e)) {
                throw new DeadlineExceededException("while " + description + " was " + what + " ("
                        + e.getMessage() + "); nothing was changed", e);
            }
            throw failure(what, e);
        }
    }

    private int millisLeft(Deadline deadline, String what) throws DeadlineExceededException {
        long millis = deadline.remainingNanos() / 1_000_000;
        if (millis < 1) {
            throw new DeadlineExceededException("before " + description + " started " + what + "; nothing was changed");
        }
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }

    private static boolean timedOut(Deadline deadline, SQLException e) {
        if (deadline.passed() || e instanceof SQLTimeoutException || QUERY_CANCELED.equals(e.getSQLState())) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private int update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(sql.substring(0, sql.indexOf(' ', 8)), e);
        }
    }

    private Optional<SessionRecord> findSession(String sql, String key) {
        try (Connection connection = dataSource.getConnection()) {
            return readSession(connection, sql, key);
        } catch (SQLException e) {
            throw failure("reading a session", e);
        }
    }

    private Optional<SessionRecord> readSession(Connection connection, String sql, String key) throws SQLException {
        if (compiledReads.isPresent()) {
            PreparedStatement statement = compiledReads.get().prepare(connection, sql);
            try {
                return readSession(statement, key);
            } catch (SQLException | RuntimeException e) {
                compiledReads.get().discard(connection, sql);
                throw e;
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return readSession(statement, key);
        }
    }

    private Optional<SessionRecord> readSession(PreparedStatement statement, String key) throws SQLException {
        statement.setString(1, key);
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            long completedAt = row.getLong(9);
            Optional<Instant> completed = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(completedAt));
            String messageId = row.getString(10);
            return Optional.of(new SessionRecord(row.getString(1), new FlowId(row.getString(2)), row.getString(3),
                    read(row.getString(4)), read(row.getString(5)), row.getLong(6),
                    Instant.ofEpochMilli(row.getLong(7)), Instant.ofEpochMilli(row.getLong(8)), completed,
                    messageId == null ? "" : messageId, journeys.read(row, JOURNEY_COLUMN)));
        }
    }

    private String write(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("session values must be plain JSON values", e);
        }
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored session is not valid JSON", e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("storage (" + description + ") failed " + what + ": " + e.getMessage(), e);
    }
}
