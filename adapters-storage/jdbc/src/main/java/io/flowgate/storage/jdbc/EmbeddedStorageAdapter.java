package io.flowgate.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import io.flowgate.core.port.out.StateStore;
import io.flowgate.core.port.out.StorageAdapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code flowgate.storage.type=embedded}, the default: a SQLite file under the data dir (setting {@code file},
 * default {@code flowgate.db}). WAL journal with {@code synchronous=FULL}: a committed step survives kill -9
 * and power loss. One instance per file; several instances need postgres.
 */
public final class EmbeddedStorageAdapter implements StorageAdapter {

    @Override
    public String type() {
        return "embedded";
    }

    @Override
    public StateStore open(Map<String, String> settings, Path dataDir) throws StorageException {
        Path file = dataDir.resolve(settings.getOrDefault("file", "flowgate.db"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new StorageException("cannot create " + file.toAbsolutePath().getParent() + " for the embedded store", e);
        }
        var pool = new HikariConfig();
        pool.setPoolName("flowgate-embedded");
        pool.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        pool.setMaximumPoolSize(JdbcStores.intSetting(settings, "pool-size", 4));
        // The driver applies these pragmas to every connection: WAL lets readers run beside the one writer,
        // FULL makes each commit durable, busy_timeout makes a writer wait for another instead of failing.
        pool.addDataSourceProperty("journal_mode", "WAL");
        pool.addDataSourceProperty("synchronous", "FULL");
        pool.addDataSourceProperty("busy_timeout", "5000");
        return JdbcStores.open(pool, "embedded SQLite " + file.toAbsolutePath());
    }
}
