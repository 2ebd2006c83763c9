package io.flowgate.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import io.flowgate.core.port.out.StateStore;
import io.flowgate.core.port.out.StorageAdapter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code flowgate.storage.type=postgres}: one database shared by every instance behind a load balancer.
 * Settings: {@code url} (jdbc:postgresql://host:5432/db), {@code user}, {@code password}, {@code pool-size}, and
 * the timeouts below, each an ISO-8601 duration below the request deadline (default PT8S), so that a stalled or
 * unreachable database costs a request an error, never a hang. A data-endpoint step is further bounded by what
 * is left of its own deadline.
 * <ul>
 *   <li>{@code connection-timeout} (default PT5S): the longest wait for a free pooled connection;</li>
 *   <li>{@code connect-timeout} (default PT2S): opening a TCP connection to the server (pgjdbc, whole seconds);</li>
 *   <li>{@code socket-timeout} (default PT5S): the longest wait for the server's answer to a call that has no
 *       request deadline of its own (the admin API, the webhook, purging, migrations, logging in; whole
 *       seconds). A statement that needs longer fails: the server cancels it 50 ms before (its
 *       {@code statement_timeout}), keeping the connection.</li>
 * </ul>
 */
public final class PostgresStorageAdapter implements StorageAdapter {

    static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(5);

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
        Duration connectionTimeout = JdbcStores.durationSetting(settings, "connection-timeout", DEFAULT_CONNECTION_TIMEOUT);
        Duration connectTimeout = JdbcStores.durationSetting(settings, "connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        Duration socketTimeout = JdbcStores.durationSetting(settings, "socket-timeout", DEFAULT_SOCKET_TIMEOUT);
        var pool = new HikariConfig();
        pool.setPoolName("flowgate-postgres");
        pool.setJdbcUrl(url);
        pool.setUsername(settings.getOrDefault("user", ""));
        pool.setPassword(settings.getOrDefault("password", ""));
        pool.setMaximumPoolSize(JdbcStores.intSetting(settings, "pool-size", 10));
        pool.setConnectionTimeout(connectionTimeout.toMillis());
        // Without these pgjdbc waits for ever on a server that accepted the connection and then stalled: the
        // kernel completes a TCP handshake for a stopped process, so only a read timeout notices.
        pool.addDataSourceProperty("connectTimeout", JdbcStores.wholeSeconds(connectTimeout));
        pool.addDataSourceProperty("socketTimeout", JdbcStores.wholeSeconds(socketTimeout));
        pool.addDataSourceProperty("loginTimeout", JdbcStores.wholeSeconds(connectionTimeout));
        var limits = new PostgresCallLimits(Long.parseLong(JdbcStores.wholeSeconds(socketTimeout)) * 1000);
        pool.setConnectionInitSql(limits.sessionSetting());
        String described = "postgres " + url.replaceAll("password=[^&]*", "password=***");
        return JdbcStores.open(pool, limits, described,
                "check flowgate.storage.postgres.url, .user and .password, and that the database answers within"
                        + " flowgate.storage.postgres.connect-timeout and .socket-timeout",
                // PostgreSQL commits concurrent transactions side by side (and groups their WAL flushes itself);
                // pgjdbc keeps prepared statements itself.
                false, false);
    }
}
