package io.flowgate.app;

import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.BookingPlugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Starts real servers on loopback for tests: the booking fixture plugin, the vector key, given settings. */
final class TestServers {

    /** An admin token long enough for the 16-character minimum. */
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private TestServers() {
    }

    static FlowgateServer start(Path home, Map<String, String> settings) throws Exception {
        return FlowgateServer.start(settings(home, settings));
    }

    /** The settings {@link #start} starts a server with. */
    static FlowgateSettings settings(Path home, Map<String, String> settings) throws Exception {
        Path plugins = home.resolve("plugins");
        if (!Files.exists(plugins.resolve("booking.jar"))) {
            TestJarsAccess.jar(plugins.resolve("booking.jar"), BookingPlugin.class.getName(), BookingPlugin.class);
        }
        Path key = home.resolve("private.pem");
        if (!Files.exists(key)) {
            Files.writeString(key, resource("/keys/private-pkcs8.pem"));
        }
        var environment = new HashMap<>(Map.of("SERVER_HOST", "127.0.0.1", "SERVER_PORT", "0", "FLOWGATE_MANAGEMENT_PORT", "0",
                "FLOWGATE_PLUGINS_DIR", plugins.toString(), "FLOWGATE_DATA_DIR", home.resolve("data").toString(),
                "FLOWGATE_KEYS_PRIVATE_KEY", key.toString(), "FLOWGATE_STORAGE_TYPE", "memory",
                // A configured key is production, which needs an app secret; tests that sign requests set one.
                "FLOWGATE_SECURITY_ALLOW_UNSIGNED", "true"));
        environment.putAll(settings);
        return SettingsReader.read(Optional.empty(), environment);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = TestServers.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
