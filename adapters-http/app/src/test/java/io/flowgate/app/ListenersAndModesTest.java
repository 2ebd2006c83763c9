package io.flowgate.app;

import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.BookingPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two listeners, production's fail-closed start and development's one-command start. */
class ListenersAndModesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ISSUE = "{\"wa_id\": \"447700900123\"}";

    @TempDir
    Path home;

    @Test
    void thePublicListenerServesOnlyTheEndpointAndTheWebhookAndTheAdminApiIsOnTheManagementOne() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_ADMIN_TOKEN", TestServers.ADMIN_TOKEN))) {
            String publicBase = "http://127.0.0.1:" + server.port();
            String managementBase = "http://127.0.0.1:" + server.managementPort();

            assertThat(post(publicBase + "/api/flows/booking/tokens", ISSUE, "Bearer " + TestServers.ADMIN_TOKEN).statusCode())
                    .isEqualTo(404);
            assertThat(get(publicBase + "/").statusCode()).isEqualTo(404);
            assertThat(get(publicBase + "/observe/health").statusCode()).isEqualTo(404);
            assertThat(post(publicBase + "/flows/booking", "{}", null).statusCode()).isEqualTo(400);
            assertThat(get(publicBase + "/webhook?hub.mode=subscribe").statusCode()).isEqualTo(403);

            var issued = post(managementBase + "/api/flows/booking/tokens", ISSUE, "Bearer " + TestServers.ADMIN_TOKEN);
            assertThat(issued.statusCode()).isEqualTo(201);
            assertThat(issued.body()).contains("\"flow_token\"");
            assertThat(post(managementBase + "/flows/booking", "{}", null).statusCode()).isEqualTo(404);
            assertThat(server.managementPort()).isNotEqualTo(server.port());
        }
    }

    @Test
    void theBearerSchemeIsMatchedWhateverItsCase() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_ADMIN_TOKEN", TestServers.ADMIN_TOKEN))) {
            String url = "http://127.0.0.1:" + server.managementPort() + "/api/flows/booking/tokens";

            assertThat(post(url, ISSUE, "bearer " + TestServers.ADMIN_TOKEN).statusCode()).isEqualTo(201);
            assertThat(post(url, ISSUE, "BEARER " + TestServers.ADMIN_TOKEN).statusCode()).isEqualTo(201);
            assertThat(post(url, ISSUE, "Bearer " + TestServers.ADMIN_TOKEN.toUpperCase()).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void anAdminTokenShorterThan16CharactersIsRefusedWithAWayToMakeOne() {
        assertThatThrownBy(() -> SettingsReader.read(Optional.empty(), Map.of("FLOWGATE_ADMIN_TOKEN", "change-me")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flowgate.admin.token is 9 characters long; use at least 16 random ones, for example the"
                        + " output of: openssl rand -hex 24");
    }

    @Test
    void productionWithoutAnAppSecretRefusesToStartAndNamesTheSettingAndTheOptOut() throws Exception {
        var settings = productionSettings(Map.of());

        assertThatThrownBy(() -> FlowgateServer.start(settings))
                .isInstanceOf(FlowgateServer.StartupException.class)
                .hasMessageContaining("a private key is configured (production), but no app secret")
                .hasMessageContaining("flowgate.app-secret (FLOWGATE_APP_SECRET)")
                .hasMessageContaining("flowgate.security.allow-unsigned: true");
    }

    @Test
    void productionStartsWithAnAppSecretOrTheExplicitOptOut() throws Exception {
        try (var signed = FlowgateServer.start(productionSettings(Map.of("FLOWGATE_APP_SECRET", "s3cret-of-the-app")))) {
            assertThat(signed.port()).isPositive();
        }
        try (var unsigned = FlowgateServer.start(productionSettings(Map.of("FLOWGATE_SECURITY_ALLOW_UNSIGNED", "true")))) {
            assertThat(unsigned.port()).isPositive();
        }
    }

    @Test
    void developmentModeStartsWithoutKeyOrSecret() throws Exception {
        var environment = baseEnvironment();
        try (var server = FlowgateServer.start(SettingsReader.read(Optional.empty(), environment))) {
            assertThat(post("http://127.0.0.1:" + server.port() + "/flows/booking", "{}", null).statusCode()).isEqualTo(400);
            try (var created = Files.walk(home.resolve("data"))) {
                assertThat(created.map(path -> path.getFileName().toString())).anyMatch(name -> name.endsWith(".pem"));
            }
        }
    }

    @Test
    void aPortInUseStopsStartupNamingThePortAndTheSetting() throws Exception {
        try (var taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var environment = baseEnvironment();
            environment.put("FLOWGATE_MANAGEMENT_PORT", Integer.toString(taken.getLocalPort()));

            assertThatThrownBy(() -> FlowgateServer.start(SettingsReader.read(Optional.empty(), environment)))
                    .isInstanceOf(FlowgateServer.StartupException.class)
                    .hasMessage("the management listener could not listen on 127.0.0.1:" + taken.getLocalPort()
                            + ": the port is in use or the address is not on this machine (set"
                            + " flowgate.management.port, or 0 for any free port)");
        }
    }

    @Test
    void serveExitsWith2AndSaysWhyWhenThePublicPortIsTaken() throws Exception {
        try (var taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var err = new ByteArrayOutputStream();
            var environment = baseEnvironment();
            environment.put("SERVER_PORT", Integer.toString(taken.getLocalPort()));

            int exit = Main.serve(SettingsReader.read(Optional.empty(), environment),
                    new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("flowgate: cannot start: the public listener could"
                    + " not listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    private FlowgateSettings productionSettings(Map<String, String> more) throws Exception {
        var environment = baseEnvironment();
        Path key = home.resolve("private.pem");
        Files.writeString(key, TestServers.resource("/keys/private-pkcs8.pem"));
        environment.put("FLOWGATE_KEYS_PRIVATE_KEY", key.toString());
        environment.putAll(more);
        return SettingsReader.read(Optional.empty(), environment);
    }

    private HashMap<String, String> baseEnvironment() throws Exception {
        Path plugins = home.resolve("plugins");
        if (!Files.exists(plugins.resolve("booking.jar"))) {
            TestJarsAccess.jar(plugins.resolve("booking.jar"), BookingPlugin.class.getName(), BookingPlugin.class);
        }
        return new HashMap<>(Map.of("SERVER_HOST", "127.0.0.1", "SERVER_PORT", "0", "FLOWGATE_MANAGEMENT_PORT", "0",
                "FLOWGATE_PLUGINS_DIR", plugins.toString(), "FLOWGATE_DATA_DIR", home.resolve("data").toString(),
                "FLOWGATE_STORAGE_TYPE", "memory"));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
