package io.flowgate.app;

import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.CounterPlugin;
import io.flowgate.storage.testing.FreezableTcpProxy;
import io.flowgate.storage.testing.TestPostgres;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server on PostgreSQL behind a {@link FreezableTcpProxy}: the database stalls (as under SIGSTOP) or
 * becomes unreachable, while the shared database keeps serving the other tests. The counter plugin numbers
 * its steps, so a step applied twice or lost shows in the stored session. Time bounds are generous.
 */
class DatabaseFaultsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** What an answer may take beyond the deadline here: the client, the crypto, a loaded test machine. */
    private static final Duration MARGIN = Duration.ofSeconds(3);

    @TempDir
    Path home;
    private FreezableTcpProxy proxy;
    private Map<String, String> database;

    @BeforeEach
    void database() throws Exception {
        TestPostgres.assumeAvailable();
        database = TestPostgres.freshSchemaSettings();
        proxy = FreezableTcpProxy.forTestPostgres();
        TestJarsAccess.jar(home.resolve("plugins/counter.jar"), CounterPlugin.class.getName(), CounterPlugin.class);
    }

    @AfterEach
    void close() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aStepOnAFrozenDatabaseAnswers503ByTheDeadlineAndAfterTheThawEachStepAppliesOnce() throws Exception {
        try (var server = TestServers.start(home, environment(proxy.route(database.get("url"))))) {
            var client = client(server);
            String token = "frozen-flow-token";
            assertThat(client.send("counter", payload("INIT", "", Map.of(), token)).status()).isEqualTo(200);
            assertStep(client, token, 1);
            assertStep(client, token, 2);

            // Frozen before the step reads the session, then while the plugin runs, so that the save meets it.
            assertAnswered503ByTheDeadline(client, token, proxy::freeze);
            assertAnswered503ByTheDeadline(client, token, () -> System.getProperties().put(CounterPlugin.DURING_STEP,
                    (Runnable) proxy::freeze));
            assertThat(storedSteps(token)).as("the steps answered 503 were not committed after the thaw")
                    .isEqualTo("{\"steps\":[1,2]}");

            assertStep(client, token, 3); // the user's retry, on the same server: no restart
            assertStep(client, token, 4);
            assertThat(storedSteps(token)).isEqualTo("{\"steps\":[1,2,3,4]}");
        }
    }

    @Test
    void readinessIsDownWhileTheDatabaseIsUnreachableAndLivenessStaysUp() throws Exception {
        try (var server = TestServers.start(home, environment(proxy.route(database.get("url"))))) {
            assertThat(health(server, "/observe/health/ready").statusCode()).isEqualTo(200);

            proxy.cutOff();
            long started = System.nanoTime();
            var notReady = health(server, "/observe/health/ready");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the check is bounded")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
            assertThat(notReady.body()).contains("\"name\":\"storage\",\"status\":\"DOWN\"")
                    .contains("\"name\":\"plugins\",\"status\":\"UP\"");
            assertThat(health(server, "/observe/health/live").statusCode())
                    .as("a database outage is not cured by restarting the server").isEqualTo(200);

            proxy.restore();
            java.net.http.HttpResponse<String> ready = null;
            for (int attempt = 0; attempt < 50 && (ready == null || ready.statusCode() != 200); attempt++) {
                Thread.sleep(100);
                ready = health(server, "/observe/health/ready");
            }
            assertThat(ready.statusCode()).as("ready again without a restart").isEqualTo(200);
        }
    }

    private static java.net.http.HttpResponse<String> health(FlowgateServer server, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.managementPort() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whileTheDatabaseIsUnreachableStepsFailInTimeWithoutA427AndTheFlowRecoversWithoutARestart() throws Exception {
        try (var server = TestServers.start(home, environment(proxy.route(database.get("url"))))) {
            var client = client(server);
            String token = "unreachable-flow-token";
            assertThat(client.send("counter", payload("INIT", "", Map.of(), token)).status()).isEqualTo(200);
            assertStep(client, token, 1);

            proxy.cutOff();
            for (int attempt = 0; attempt < 3; attempt++) {
                long started = System.nanoTime();
                var failed = client.send("counter", payload("data_exchange", "COUNT", Map.of(), token));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.plus(MARGIN));
                assertThat(failed.status()).as("an error to retry, never the dead-token 427").isIn(500, 503);
            }
            proxy.restore();

            // The client retries until the pool has reconnected; each failed try changed nothing.
            WhatsAppClient.Reply retried = null;
            for (int attempt = 0; attempt < 10 && (retried == null || retried.status() != 200); attempt++) {
                retried = client.send("counter", payload("data_exchange", "COUNT", Map.of(), token));
                assertThat(retried.status()).isIn(200, 500, 503);
            }
            assertThat(retried.status()).isEqualTo(200);
            assertStep(client, token, 3);
            assertThat(storedSteps(token)).as("nothing lost, nothing doubled").isEqualTo("{\"steps\":[1,2,3]}");
        }
    }

    @Test
    void startingOnAFrozenDatabaseExits2InBoundedTimeNamingTheDatabaseAndTheSettings() throws Exception {
        proxy.freeze();
        String url = proxy.route(database.get("url")) + "&password=never-printed";
        FlowgateSettings settings = TestServers.settings(home, environment(url));
        var err = new StringWriter();
        long started = System.nanoTime();

        int exit = CompletableFuture.supplyAsync(() -> {
            try {
                return Main.serve(settings, new PrintWriter(err));
            } catch (InterruptedException e) {
                throw new CompletionException(e);
            }
        }).get(30, TimeUnit.SECONDS); // a server that started would serve until stopped: this would time out

        assertThat(exit).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(err.toString())
                .startsWith("flowgate: cannot start: storage postgres: cannot connect to postgres jdbc:postgresql://127.0.0.1:"
                        + proxy.port() + "/")
                .contains("password=***")
                .doesNotContain("never-printed")
                .contains("flowgate.storage.postgres.url")
                .contains("flowgate.storage.postgres.connect-timeout");
    }

    private Map<String, String> environment(String url) {
        var environment = new HashMap<String, String>();
        environment.put("FLOWGATE_STORAGE_TYPE", "postgres");
        environment.put("FLOWGATE_STORAGE_POSTGRES_URL", url);
        environment.put("FLOWGATE_STORAGE_POSTGRES_USER", database.get("user"));
        environment.put("FLOWGATE_STORAGE_POSTGRES_PASSWORD", database.get("password"));
        environment.put("FLOWGATE_REQUEST_DEADLINE", DEADLINE.toString());
        environment.put("FLOWGATE_TOKENS_MODE", "open");
        return environment;
    }

    private static WhatsAppClient client(FlowgateServer server) throws Exception {
        return new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));
    }

    private void assertAnswered503ByTheDeadline(WhatsAppClient client, String token, Runnable stall) throws Exception {
        stall.run();
        long started = System.nanoTime();
        var stalled = client.send("counter", payload("data_exchange", "COUNT", Map.of(), token));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        proxy.thaw();

        assertThat(stalled.status()).isEqualTo(503);
        assertThat(took).isLessThan(DEADLINE.plus(MARGIN));
        proxy.awaitAbandonedConnectionsEnded(Duration.ofSeconds(15)); // the database has seen all it was sent
    }

    private static void assertStep(WhatsAppClient client, String token, long expected) {
        var reply = client.send("counter", payload("data_exchange", "COUNT", Map.of(), token));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(((Number) reply.data().get("step")).longValue()).isEqualTo(expected);
    }

    /** The session as stored, read past the proxy. */
    private String storedSteps(String token) throws Exception {
        try (var connection = DriverManager.getConnection(database.get("url"), database.get("user"), database.get("password"));
             var statement = connection.prepareStatement("SELECT data_json FROM flow_sessions WHERE token = ?")) {
            statement.setString(1, token);
            try (var row = statement.executeQuery()) {
                assertThat(row.next()).as("the session exists").isTrue();
                return row.getString(1);
            }
        }
    }
}
