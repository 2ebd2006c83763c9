package io.flowgate.storage.testing;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * The PostgreSQL the tests use: 127.0.0.1:5432, database {@code test}, user {@code postgres} (trust auth), or
 * FLOWGATE_TEST_POSTGRES_URL / _USER / _PASSWORD. Each call makes a fresh schema so runs never meet.
 */
public final class TestPostgres {

    private TestPostgres() {
    }

    public static String baseUrl() {
        return System.getenv().getOrDefault("FLOWGATE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static String user() {
        return System.getenv().getOrDefault("FLOWGATE_TEST_POSTGRES_USER", "postgres");
    }

    public static String password() {
        return System.getenv().getOrDefault("FLOWGATE_TEST_POSTGRES_PASSWORD", "");
    }

    /** Skips the calling test with a notice when PostgreSQL is not there, unless services are required. */
    public static void assumeAvailable() {
        try (Connection ignored = DriverManager.getConnection(baseUrl(), user(), password())) {
            // reachable
        } catch (SQLException e) {
            String notice = "PostgreSQL is not reachable at " + baseUrl() + " (" + e.getMessage() + ")";
            if (Boolean.getBoolean("flowgate.requireServices")) {
                throw new AssertionError(notice + "; it is required here (flowgate.requireServices=true)", e);
            }
            System.err.println("SKIPPED: " + notice + ": the PostgreSQL tests are skipped");
            Assumptions.abort(notice);
        }
    }

    /** Settings for the postgres adapter, pointing at a new, empty schema. */
    public static Map<String, String> freshSchemaSettings() throws SQLException {
        String schema = "flowgate_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(baseUrl(), user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        String separator = baseUrl().contains("?") ? "&" : "?";
        return Map.of("url", baseUrl() + separator + "currentSchema=" + schema, "user", user(), "password", password(),
                "pool-size", "4");
    }
}
