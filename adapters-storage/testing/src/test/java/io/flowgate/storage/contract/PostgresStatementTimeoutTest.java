package io.flowgate.storage.contract;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.Journey;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.port.out.StateStore;
import io.flowgate.storage.jdbc.PostgresStorageAdapter;
import io.flowgate.storage.testing.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server-side bound of a step's update, as the update itself sees it: a trigger records
 * {@code statement_timeout} while the UPDATE runs. It is never looser than what is left of the step's deadline
 * (less 50 ms) nor than the socket timeout (less 50 ms), and it costs no statement of its own when the session's
 * bound is already the tighter one.
 */
class PostgresStatementTimeoutTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dataDir;
    private Map<String, String> settings;

    @BeforeEach
    void database() throws SQLException {
        TestPostgres.assumeAvailable();
        settings = new HashMap<>(TestPostgres.freshSchemaSettings());
        settings.put("socket-timeout", "PT3S");
    }

    @Test
    void withMoreTimeLeftThanTheSocketTimeoutTheUpdateRunsUnderTheSessionsBound() throws Exception {
        assertThat(timeoutSeenByUpdates(Duration.ofSeconds(7))).containsExactly(2_950L);
    }

    @Test
    void withLessTimeLeftTheUpdateRunsUnderWhatIsLeftOfItsDeadline() throws Exception {
        List<Long> seen = timeoutSeenByUpdates(Duration.ofSeconds(1));
        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst()).isBetween(1L, 950L);
    }

    @Test
    void aCallWithoutADeadlineRunsUnderTheSessionsBound() throws Exception {
        try (StateStore store = new PostgresStorageAdapter().open(settings, dataDir)) {
            try (var connection = DriverManager.getConnection(settings.get("url"), settings.get("user"),
                    settings.get("password"));
                 var statement = connection.createStatement()) {
                // A direct connection has the server's default: the bound is the pool's, not the database's.
                statement.execute("SET statement_timeout = 0");
            }
            installRecorder();
            store.insert(session());
            assertThat(store.attachMessageId("t1", "wamid.1")).isTrue();
        }
        assertThat(recorded()).containsExactly(2_950L);
    }

    private List<Long> timeoutSeenByUpdates(Duration deadline) throws Exception {
        try (StateStore store = new PostgresStorageAdapter().open(settings, dataDir)) {
            installRecorder();
            store.insert(session());
            assertThat(store.update("t1", 0, Map.of("step", 1L), Journey.NONE, false, NOW, Deadline.in(deadline)))
                    .isTrue();
        }
        return recorded();
    }

    private static SessionRecord session() {
        return new SessionRecord("t1", new FlowId("counter"), "447700900123", Map.of(), Map.of(), 0, NOW,
                NOW.plusSeconds(600), Optional.empty(), "");
    }

    /** A trigger in the test's schema that writes down the statement_timeout each UPDATE of a session runs under. */
    private void installRecorder() throws SQLException {
        try (var connection = DriverManager.getConnection(settings.get("url"), settings.get("user"), settings.get("password"));
             var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE seen_timeouts (millis bigint)");
            statement.execute("CREATE FUNCTION record_timeout() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " INSERT INTO seen_timeouts VALUES"
                    + " ((EXTRACT(EPOCH FROM current_setting('statement_timeout')::interval) * 1000)::bigint);"
                    + " RETURN NEW; END $$");
            statement.execute("CREATE TRIGGER record_timeout BEFORE UPDATE ON flow_sessions"
                    + " FOR EACH ROW EXECUTE FUNCTION record_timeout()");
        }
    }

    private List<Long> recorded() throws SQLException {
        var values = new ArrayList<Long>();
        try (var connection = DriverManager.getConnection(settings.get("url"), settings.get("user"), settings.get("password"));
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT millis FROM seen_timeouts")) {
            while (rows.next()) {
                values.add(rows.getLong(1));
            }
        }
        return values;
    }
}
