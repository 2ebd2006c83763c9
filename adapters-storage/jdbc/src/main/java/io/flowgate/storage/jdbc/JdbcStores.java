package io.flowgate.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.flowgate.core.port.out.StorageAdapter.StorageException;
import org.flywaydb.core.Flyway;

/** Opens a pool and brings the schema up to date with Flyway; shared by both JDBC adapters. */
final class JdbcStores {

    static final String MIGRATIONS = "classpath:io/flowgate/storage/jdbc/migration";

    private JdbcStores() {
    }

    static JdbcStateStore open(HikariConfig pool, String description) throws StorageException {
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to " + description + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StorageException("cannot migrate the schema of " + description + ": " + rootMessage(e), e);
        }
        return new JdbcStateStore(dataSource, description);
    }

    static int intSetting(java.util.Map<String, String> settings, String key, int fallback) {
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

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
