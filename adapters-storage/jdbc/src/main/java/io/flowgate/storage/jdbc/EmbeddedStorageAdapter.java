package io.flowgate.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import io.flowgate.core.port.out.StateStore;
import io.flowgate.core.port.out.StorageAdapter;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code flowgate.storage.type=embedded}, the default: a SQLite file under the data dir (setting {@code file},
 * default {@code flowgate.db}). WAL journal with {@code synchronous=FULL}: a committed step survives kill -9
 * and power loss. One instance per file; several instances need postgres. Timeouts (ISO-8601 durations, below
 * the request deadline, default PT8S; a data-endpoint step is further bounded by what is left of its own):
 * <ul>
 *   <li>{@code busy-timeout} (default PT5S): how long a writer waits for another connection's lock;</li>
 *   <li>{@code connection-timeout} (default PT5S): the longest wait for a free pooled connection.</li>
 * </ul>
 */
public final class EmbeddedStorageAdapter implements StorageAdapter {

    static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** SQLite's primary result codes for a file that is not a database, and for one whose pages are damaged. */
    private static final int SQLITE_NOTADB = 26;
    private static final int SQLITE_CORRUPT = 11;

    @Override
    public String type() {
        return "embedded";
    }

    @Override
    public StateStore open(Map<String, String> settings, Path dataDir) throws StorageException {
        Path file = dataDir.resolve(settings.getOrDefault("file", "flowgate.db")).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StorageException("cannot create " + file.getParent() + " for the embedded store; check"
                    + " flowgate.data.dir and its permissions", e);
        }
        int busyTimeout = (int) Math.min(Integer.MAX_VALUE,
                JdbcStores.durationSetting(settings, "busy-timeout", DEFAULT_BUSY_TIMEOUT).toMillis());
        var pool = new HikariConfig();
        pool.setPoolName("flowgate-embedded");
        pool.setJdbcUrl("jdbc:sqlite:" + file);
        pool.setMaximumPoolSize(JdbcStores.intSetting(settings, "pool-size", 4));
        pool.setConnectionTimeout(JdbcStores.durationSetting(settings, "connection-timeout", DEFAULT_CONNECTION_TIMEOUT)
                .toMillis());
        // The driver applies these pragmas to every connection: WAL lets readers run beside the one writer,
        // FULL makes each commit durable, busy_timeout makes a writer wait for another instead of failing.
        pool.addDataSourceProperty("journal_mode", "WAL");
        pool.addDataSourceProperty("synchronous", "FULL");
        pool.addDataSourceProperty("busy_timeout", Integer.toString(busyTimeout));
        try {
            return JdbcStores.open(pool, new SqliteCallLimits(busyTimeout), "embedded SQLite " + file,
                    "check flowgate.storage.embedded.file and the permissions of the data dir", true, true);
        } catch (StorageException e) {
            if (damaged(e)) {
                // No setting fixes this; pointing at the settings sent operators the wrong way.
                throw new StorageException(file + " is not a SQLite database, or it is corrupt ("
                        + JdbcStores.rootCause(e).getMessage() + "): restore it from a backup, or move it aside to start with an empty store (its sessions"
                        + " and undelivered completions are then lost)", e);
            }
            throw e;
        }
    }

    private static boolean damaged(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                int primary = sqlite.getResultCode().code & 0xff;
                return primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT;
            }
        }
        return false;
    }
}
