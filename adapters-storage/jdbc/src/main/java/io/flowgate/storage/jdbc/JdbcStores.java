package io.flowgate.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.flowgate.core.port.out.StorageAdapter.StorageException;
import org.flywaydb.core.Flyway;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Opens a pool and brings the schema up to date with Flyway; shared by both JDBC adapters. */
final class JdbcStores {

    static final String MIGRATIONS = "classpath:io/flowgate/storage/jdbc/migration";
    /**
     * How long HikariCP may spend checking an idle connection before handing it out. Its default (5 s) would
     * let one stalled connection take most of a request's deadline; 1 s is ample for a live database.
     */
    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);

    private JdbcStores() {
    }

    /**
     * @param limits       how this database bounds one call by a request's deadline
     * @param description  names the store in messages, without a password
     * @param settingsHint what an operator should check when the database cannot be reached
     */
    /**
     * @param groupCommit             commit concurrent session updates together ({@link GroupCommit})
     * @param keepSessionReadsCompiled the driver compiles SQL at every prepare ({@link CompiledStatements})
     */
    static JdbcStateStore open(HikariConfig pool, CallLimits limits, String description, String settingsHint,
                               boolean groupCommit, boolean keepSessionReadsCompiled) throws StorageException {
        pool.setValidationTimeout(Math.min(VALIDATION_TIMEOUT.toMillis(), pool.getConnectionTimeout()));
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to " + description + ": " + rootMessage(e) + "; " + settingsHint, e);
        }
        try {
            Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StorageException("cannot migrate the schema of " + description + ": " + rootMessage(e) + "; "
                    + settingsHint, e);
        }
        var poolBound = Duration.ofMillis(pool.getConnectionTimeout() + pool.getValidationTimeout());
        return new JdbcStateStore(dataSource, new DeadlineConnections(dataSource, poolBound), limits, description,
                groupCommit, keepSessionReadsCompiled);
    }

    static int intSetting(Map<String, String> settings, String key, int fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flowgate.storage setting " + key + " is \"" + value + "\": expected a whole number", e);
        }
    }

    /** A positive ISO-8601 duration ({@code PT2S}, {@code PT0.5S}). */
    static Duration durationSetting(Map<String, String> settings, String key, Duration fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            Duration parsed = Duration.parse(value.strip());
            if (parsed.isNegative() || parsed.isZero()) {
                throw new IllegalArgumentException("flowgate.storage setting " + key + " is \"" + value
                        + "\": it must be positive");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("flowgate.storage setting " + key + " is \"" + value
                    + "\": expected an ISO-8601 duration such as PT2S", e);
        }
    }

    /** Whole seconds, rounded up and at least 1, for drivers whose timeouts are in seconds (0 would mean never). */
    static String wholeSeconds(Duration duration) {
        return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
    }

    static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String rootMessage(Throwable e) {
        return rootCause(e).getMessage();
    }
}
