package io.flowgate.storage.contract;

import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.InboxEntry;
import io.flowgate.core.domain.InboxEvent;
import io.flowgate.core.port.out.StateStore;
import io.flowgate.storage.jdbc.EmbeddedStorageAdapter;
import io.flowgate.storage.jdbc.PostgresStorageAdapter;
import io.flowgate.storage.testing.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A database written by the V1 schema keeps its webhook events, in the right states, after the V2 migration. */
class InboxMigrationTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgres"})
    void eventsStoredBeforeDeliveryStatesKeepTheirMeaning(String type) throws Exception {
        Map<String, String> settings;
        String url;
        if (type.equals("postgres")) {
            TestPostgres.assumeAvailable();
            settings = TestPostgres.freshSchemaSettings();
            url = settings.get("url");
        } else {
            settings = Map.of();
            url = "jdbc:sqlite:" + dataDir.resolve("flowgate.db").toAbsolutePath();
        }
        Flyway.configure().dataSource(url, TestPostgres.user(), TestPostgres.password())
                .locations("classpath:io/flowgate/storage/jdbc/migration").target("1").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password());
             Statement statement = connection.createStatement()) {
            long received = NOW.toEpochMilli();
            statement.executeUpdate("INSERT INTO webhook_events (message_id, payload, received_at, attempts, lease_owner,"
                    + " lease_until, delivered_at) VALUES ('wamid.done', '{}', " + received + ", 1, 'old', 0, " + (received + 5) + ")");
            statement.executeUpdate("INSERT INTO webhook_events (message_id, payload, received_at, attempts, lease_owner,"
                    + " lease_until, delivered_at) VALUES ('wamid.waiting', '{}', " + received + ", 2, 'old', " + (received + 60_000) + ", NULL)");
        }

        try (StateStore store = type.equals("postgres") ? new PostgresStorageAdapter().open(settings, dataDir)
                : new EmbeddedStorageAdapter().open(settings, dataDir)) {
            List<InboxEntry> delivered = store.list(DeliveryState.DELIVERED, 10, Optional.empty());
            List<InboxEntry> pending = store.list(DeliveryState.PENDING, 10, Optional.empty());

            assertThat(delivered).singleElement().satisfies(entry -> {
                assertThat(entry.messageId()).isEqualTo("wamid.done");
                assertThat(entry.finishedAt()).contains(NOW.plusMillis(5));
            });
            assertThat(pending).singleElement().satisfies(entry -> {
                assertThat(entry.messageId()).isEqualTo("wamid.waiting");
                assertThat(entry.attempts()).isEqualTo(2);
                assertThat(entry.flowId()).isEmpty();
                assertThat(entry.lastError()).isEmpty();
            });
            List<InboxEvent> claimed = store.claim(10, "new", NOW.plusSeconds(60), NOW.plusSeconds(130));
            assertThat(claimed).extracting(InboxEvent::messageId).containsExactly("wamid.waiting");
            assertThat(claimed.getFirst().attempts()).isEqualTo(3);
        }
    }
}
