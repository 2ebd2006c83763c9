package io.flowgate.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import io.flowgate.core.port.out.StateStore;
import io.flowgate.core.port.out.StorageAdapter;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code flowgate.storage.type=postgres}: one database shared by every instance behind a load balancer.
 * Settings: {@code url} (jdbc:postgresql://host:5432/db), {@code user}, {@code password}, {@code pool-size}.
 */
public final class PostgresStorageAdapter implements StorageAdapter {

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public StateStore open(Map<String, String> settings, Path dataDir) throws StorageException {
        String url = settings.getOrDefault("url", "");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StorageException("flowgate.storage.postgres.url must be a jdbc:postgresql:// URL, not \""
                    + url + "\"", null);
        }
        var pool = new HikariConfig();
        pool.setPoolName("flowgate-postgres");
        pool.setJdbcUrl(url);
        pool.setUsername(settings.getOrDefault("user", ""));
        pool.setPassword(settings.getOrDefault("password", ""));
        pool.setMaximumPoolSize(JdbcStores.intSetting(settings, "pool-size", 10));
        pool.setConnectionTimeout(5_000);
        return JdbcStores.open(pool, "postgres " + url.replaceAll("password=[^&]*", "password=***"));
    }
}
