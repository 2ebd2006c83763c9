package io.flowgate.testkit.server;

import io.flowgate.app.FlowgateServer;
import io.flowgate.app.SettingsReader;
import io.flowgate.core.port.out.JourneyEvents;
import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real Flowgate server for a plugin's end-to-end tests, in one line:
 *
 * <pre>{@code
 * try (var server = FlowgateTestServer.start(Path.of("target/feedback.jar"))) {
 *     String token = server.issueToken("feedback");
 *     var reply = server.whatsApp().send("feedback", WhatsAppClient.payload("INIT", "", Map.of(), token));
 * }
 * }</pre>
 *
 * <p>Each server gets a temporary home (plugins, data, a fresh 2048-bit RSA key), binds both listeners to free
 * loopback ports, runs in production mode with a random app secret (so requests must be signed, as Meta
 * signs them; the {@link #whatsApp()} client does), the memory store, and Flow JSON checks in enforce mode.
 * {@link #close()} stops it and deletes the home.
 */
public final class FlowgateTestServer implements AutoCloseable {

    private final Path home;
    private final FlowgateServer server;
    private final String adminToken;
    private final String appSecret;
    private final WhatsAppClient whatsApp;
    private final AdminClient admin;

    private FlowgateTestServer(Path home, FlowgateServer server, String adminToken, String appSecret) {
        this.home = home;
        this.server = server;
        this.adminToken = adminToken;
        this.appSecret = appSecret;
        this.whatsApp = new WhatsAppClient(publicUri(), server.publicKey()).signingWith(appSecret);
        this.admin = new AdminClient(managementUri(), adminToken);
    }

    /** A server with one plugin: a plugin jar, or a folder holding the plugin's jar and its libraries. */
    public static FlowgateTestServer start(Path plugin) {
        return builder().plugin(plugin).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client that encrypts and signs like WhatsApp, for this server's public key and app secret. */
    public WhatsAppClient whatsApp() {
        return whatsApp;
    }

    /** The admin API on the management listener, with this server's admin token. */
    public AdminClient admin() {
        return admin;
    }

    /** Issues a flow token for {@code flowId} as the business would before sending the flow message. */
    public String issueToken(String flowId) {
        AdminClient.Answer answer = admin.issueToken(flowId, "447700900123", "PT1H", Map.of());
        if (answer.status() != 201 && answer.status() != 200) {
            throw new IllegalStateException("the admin API refused the token for flow \"" + flowId + "\": "
                    + answer.status() + " " + answer.body());
        }
        return answer.flowToken();
    }

    /** The public listener: {@code POST /flows/<flowId>} and {@code /webhook}. */
    public URI publicUri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** The management listener: the admin API. */
    public URI managementUri() {
        return URI.create("http://127.0.0.1:" + server.managementPort());
    }

    public String appSecret() {
        return appSecret;
    }

    public String adminToken() {
        return adminToken;
    }

    /** The server itself, e.g. for {@code plugins()}. */
    public FlowgateServer server() {
        return server;
    }

    /** The temporary folder holding the plugins, the key and the data; deleted on close. */
    public Path home() {
        return home;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            deleteQuietly(home);
        }
    }

    /** What the server runs with; every setting has a default fit for a test. */
    public static final class Builder {
        private final List<Path> plugins = new java.util.ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private JourneyEvents journeyEvents = JourneyEvents.NONE;

        private Builder() {
        }

        /**
         * The server's clock: token lifetimes, sessions' journeys, abandonment and delivery backoffs all read it.
         * A clock the test moves makes abandonment (flowgate.sessions.abandon-after) a step of the test, not a wait.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Told of every screen reached, completion and abandonment, as the server's metrics are. */
        public Builder journeyEvents(JourneyEvents journeyEvents) {
            this.journeyEvents = Objects.requireNonNull(journeyEvents, "journeyEvents");
            return this;
        }

        /** A plugin jar, or a plugin folder (its jar and its libraries); may be called for several plugins. */
        public Builder plugin(Path jarOrFolder) {
            plugins.add(Objects.requireNonNull(jarOrFolder, "jarOrFolder"));
            return this;
        }

        /**
         * Any server setting, named as its environment variable ({@code FLOWGATE_TOKENS_MODE}, {@code
         * FLOWGATE_STORAGE_TYPE}, ...; {@code ./flowgate settings} lists them); replaces the test default.
         */
        public Builder setting(String environmentVariable, String value) {
            settings.put(Objects.requireNonNull(environmentVariable, "environmentVariable"),
                    Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Starts the server; fails with the server's own startup message when it cannot start. */
        public FlowgateTestServer start() {
            if (plugins.isEmpty()) {
                throw new IllegalArgumentException("name the plugin to serve: FlowgateTestServer.builder().plugin("
                        + "Path.of(\"target/<your plugin>.jar\"))");
            }
            Path home = null;
            try {
                home = Files.createTempDirectory("flowgate-test-server");
                Path pluginsDir = Files.createDirectories(home.resolve("plugins"));
                for (Path plugin : plugins) {
                    copyPlugin(plugin, pluginsDir);
                }
                Path key = writeFreshKey(home.resolve("private-key.pem"));
                String adminToken = randomHex(16);
                String appSecret = randomHex(16);
                var environment = new HashMap<String, String>(Map.of(
                        "SERVER_HOST", "127.0.0.1", "SERVER_PORT", "0",
                        "FLOWGATE_MANAGEMENT_HOST", "127.0.0.1", "FLOWGATE_MANAGEMENT_PORT", "0",
                        "FLOWGATE_KEYS_PRIVATE_KEY", key.toString(),
                        "FLOWGATE_PLUGINS_DIR", pluginsDir.toString(),
                        "FLOWGATE_DATA_DIR", home.resolve("data").toString(),
                        "FLOWGATE_ADMIN_TOKEN", adminToken, "FLOWGATE_APP_SECRET", appSecret,
                        "FLOWGATE_STORAGE_TYPE", "memory"));
                // Every answer must satisfy the plugin's flow.json, or the request fails with 500.
                environment.put("FLOWGATE_VALIDATION_MODE", "enforce");
                environment.putAll(settings);
                FlowgateServer server = FlowgateServer.start(SettingsReader.read(Optional.empty(), environment),
                        listener -> { }, clock, journeyEvents);
                return new FlowgateTestServer(home, server, environment.get("FLOWGATE_ADMIN_TOKEN"),
                        environment.get("FLOWGATE_APP_SECRET"));
            } catch (FlowgateServer.StartupException e) {
                deleteQuietly(home);
                throw new IllegalStateException("the test server did not start: " + e.getMessage(), e);
            } catch (IOException e) {
                deleteQuietly(home);
                throw new UncheckedIOException("the test server's home could not be prepared: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                deleteQuietly(home);
                throw e;
            }
        }

        private static void copyPlugin(Path plugin, Path pluginsDir) throws IOException {
            if (Files.isRegularFile(plugin) && plugin.getFileName().toString().endsWith(".jar")) {
                Files.copy(plugin, pluginsDir.resolve(plugin.getFileName()));
            } else if (Files.isDirectory(plugin)) {
                Path target = Files.createDirectories(pluginsDir.resolve(plugin.getFileName().toString()));
                try (Stream<Path> jars = Files.list(plugin)) {
                    for (Path jar : jars.filter(path -> path.getFileName().toString().endsWith(".jar")).toList()) {
                        Files.copy(jar, target.resolve(jar.getFileName()));
                    }
                }
            } else {
                throw new IllegalArgumentException(plugin.toAbsolutePath() + " is neither a plugin jar nor a folder"
                        + " of jars (run the tests after 'package', e.g. as a failsafe integration test *IT)");
            }
        }
    }

    /** A fresh key per server: no key file to keep in the plugin's repository, and no two tests share one. */
    private static Path writeFreshKey(Path file) throws IOException {
        KeyPairGenerator generator;
        try {
            generator = KeyPairGenerator.getInstance("RSA");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no RSA key generator", e);
        }
        generator.initialize(2048);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
        return Files.writeString(file, pem);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is not worth failing a test for.
        }
    }
}
