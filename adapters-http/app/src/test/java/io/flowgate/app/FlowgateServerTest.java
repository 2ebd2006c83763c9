package io.flowgate.app;

import io.flowgate.plugins.loader.fixtures.EchoPlugin;
import io.flowgate.plugins.loader.fixtures.Greeting;
import io.flowgate.plugins.loader.fixtures.ThrowingPlugin;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real server on loopback, wired as {@code serve} wires it. */
class FlowgateServerTest {

    @TempDir
    Path home;

    @Test
    void closingTheServerStopsTheThreadsItStarted() throws Exception {
        var before = java.util.Set.copyOf(Thread.getAllStackTraces().keySet());
        var server = TestServers.start(home, Map.of());
        assertThat(threadsStartedSince(before)).as("threads while running")
                .anyMatch(name -> name.startsWith("flowgate-crypto-"))
                .contains("flowgate-delivery-rounds", "flowgate-purge");

        server.close();

        // The read and header deadlines have one watchdog thread per process, started by whichever server needs
        // it first and shared by every server after it: not this server's to stop.
        assertThat(threadsStartedSince(before)).as("threads of ours left after close")
                .filteredOn(name -> !name.equals("flowgate-read-deadline") && !name.equals("flowgate-header-deadline"))
                .noneMatch(name -> name.startsWith("flowgate-"));
    }

    /** Names of the live threads that were not running at {@code before}. */
    private static java.util.List<String> threadsStartedSince(java.util.Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(thread -> !before.contains(thread)).map(Thread::getName).toList();
    }

    @Test
    void aPluginThatThrowsGetsA500AndTheServerKeepsServing() throws Exception {
        Path plugins = pluginsWithEchoAndThrowing();
        try (var server = FlowgateServer.start(settings(plugins, Optional.of(keyFile("private-pkcs8.pem")), ""))) {
            var client = client(server);

            var failed = client.send("throws", payload("INIT", "", Map.of(), "t"));
            var ping = client.send("throws", payload("ping", null, null, null));
            var other = client.send("echo", payload("INIT", "", Map.of(), "another-token"));

            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.body()).isEqualTo("The flow's handler failed; the server log names the cause.")
                    .doesNotContain("IllegalStateException", "booking system");
            assertThat(ping.status()).isEqualTo(200);
            assertThat(other.status()).isEqualTo(200);
            assertThat(other.screen()).isEqualTo("START");
        }
    }

    @Test
    void aSessionInTheEmbeddedStoreSurvivesARestart() throws Exception {
        Path plugins = home.resolve("booking-plugins");
        io.flowgate.plugins.loader.TestJarsAccess.jar(plugins.resolve("booking.jar"),
                io.flowgate.plugins.loader.fixtures.BookingPlugin.class.getName(),
                io.flowgate.plugins.loader.fixtures.BookingPlugin.class);
        var embedded = settings(plugins, Optional.of(keyFile("private-pkcs8.pem")), "",
                Map.of("FLOWGATE_STORAGE_TYPE", "embedded", "FLOWGATE_TOKENS_MODE", "strict", "FLOWGATE_ADMIN_TOKEN", TestServers.ADMIN_TOKEN));
        String token;
        try (var server = FlowgateServer.start(embedded)) {
            token = new io.flowgate.testkit.AdminClient(URI.create("http://127.0.0.1:" + server.managementPort()), TestServers.ADMIN_TOKEN)
                    .issueToken("booking", "447700900123", null, null).flowToken();
            client(server).send("booking", payload("data_exchange", "FORM", Map.of("answer", "kept"), token));
        }
        try (var server = FlowgateServer.start(embedded)) {
            var success = client(server).send("booking", payload("data_exchange", "CONFIRM", Map.of(), token));

            assertThat(success.screen()).isEqualTo("SUCCESS");
            assertThat(success.data().toString()).contains("answer=kept");
        }
    }

    @Test
    void anUnknownStorageTypeNamesTheOnesThereAre() throws Exception {
        Path plugins = pluginsWithEchoAndThrowing();

        assertThatThrownBy(() -> FlowgateServer.start(settings(plugins, Optional.of(keyFile("private-pkcs8.pem")), "",
                Map.of("FLOWGATE_STORAGE_TYPE", "redis"))))
                .isInstanceOf(FlowgateServer.StartupException.class)
                .hasMessage("flowgate.storage.type is \"redis\", but the storage adapters on the class path are"
                        + " [embedded, memory, postgres]");
    }

    @Test
    void anEncryptedKeyIsReadWithItsPassphrase() throws Exception {
        Path plugins = pluginsWithEchoAndThrowing();
        String passphrase = resource("/keys/passphrase.txt").strip();
        try (var server = FlowgateServer.start(settings(plugins, Optional.of(keyFile("private-pkcs1-des3.pem")), passphrase))) {
            assertThat(client(server).send("echo", payload("ping", null, null, null)).status()).isEqualTo(200);
        }
    }

    @Test
    void withoutAConfiguredKeyADevelopmentKeyIsCreatedAndKeptAcrossRestarts() throws Exception {
        Path plugins = pluginsWithEchoAndThrowing();
        String firstFingerprint;
        try (var server = FlowgateServer.start(settings(plugins, Optional.empty(), ""))) {
            firstFingerprint = io.flowgate.crypto.PublicKeys.fingerprint(server.publicKey());
            var client = new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()), server.publicKey());
            assertThat(client.send("echo", payload("ping", null, null, null)).status()).isEqualTo(200);
        }
        assertThat(home.resolve("data/dev-keys/private-key.pem")).exists();
        assertThat(home.resolve("data/dev-keys/public-key.pem")).exists();
        try (var server = FlowgateServer.start(settings(plugins, Optional.empty(), ""))) {
            assertThat(io.flowgate.crypto.PublicKeys.fingerprint(server.publicKey())).isEqualTo(firstFingerprint);
        }
    }

    @Test
    void aWrongPassphraseStopsStartupWithTheFix() throws Exception {
        Path plugins = pluginsWithEchoAndThrowing();

        assertThatThrownBy(() -> FlowgateServer.start(settings(plugins, Optional.of(keyFile("private-pkcs1-des3.pem")), "nope")))
                .isInstanceOf(FlowgateServer.StartupException.class)
                .hasMessageContaining("the passphrase (flowgate.keys.passphrase) is wrong");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        Path plugins = pluginsWithEchoAndThrowing();
        var settings = settings(plugins, Optional.of(keyFile("private-pkcs8.pem")), "",
                Map.of("FLOWGATE_HTTP_MAX_BODY", "4096"));
        try (var server = FlowgateServer.start(settings)) {
            var reply = client(server).post("echo", "{\"encrypted_flow_data\":\"" + "A".repeat(8192) + "\"}", null);

            assertThat(reply.status()).isEqualTo(413);
        }
    }

    private Path pluginsWithEchoAndThrowing() throws IOException {
        Path plugins = home.resolve("plugins");
        if (!Files.exists(plugins)) {
            io.flowgate.plugins.loader.TestJarsAccess.jar(plugins.resolve("echo.jar"), EchoPlugin.class.getName(),
                    EchoPlugin.class, Greeting.class);
            io.flowgate.plugins.loader.TestJarsAccess.jar(plugins.resolve("throws.jar"), ThrowingPlugin.class.getName(),
                    ThrowingPlugin.class);
        }
        return plugins;
    }

    private FlowgateSettings settings(Path plugins, Optional<Path> key, String passphrase) {
        return settings(plugins, key, passphrase, Map.of());
    }

    /** Settings as the server reads them, from environment variables. */
    private FlowgateSettings settings(Path plugins, Optional<Path> key, String passphrase, Map<String, String> more) {
        var environment = new java.util.HashMap<>(Map.of("SERVER_HOST", "127.0.0.1", "SERVER_PORT", "0", "FLOWGATE_MANAGEMENT_PORT", "0",
                "FLOWGATE_PLUGINS_DIR", plugins.toString(), "FLOWGATE_DATA_DIR", home.resolve("data").toString(),
                "FLOWGATE_KEYS_PASSPHRASE", passphrase, "FLOWGATE_TOKENS_MODE", "open",
                "FLOWGATE_STORAGE_TYPE", "memory"));
        key.ifPresent(file -> environment.put("FLOWGATE_KEYS_PRIVATE_KEY", file.toString()));
        // A configured key is production, which needs an app secret; these tests send unsigned requests.
        environment.put("FLOWGATE_SECURITY_ALLOW_UNSIGNED", "true");
        environment.putAll(more);
        return SettingsReader.read(Optional.empty(), environment);
    }

    private Path keyFile(String name) throws IOException {
        Path file = home.resolve(name);
        Files.writeString(file, resource("/keys/" + name));
        return file;
    }

    private static WhatsAppClient client(FlowgateServer server) throws IOException {
        return new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                WhatsAppClient.publicKeyFromPem(resource("/keys/public.pem")));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FlowgateServerTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
