package io.flowgate.server;

import io.flowgate.crypto.CryptoProviders;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link FlowgateSettings} with helidon-config. Precedence, highest first: environment variables,
 * Java system properties, the file named by {@code --config} (or {@code ./application.yaml} when it exists),
 * and the defaults built into the server.
 *
 * <p>Environment variables are mapped by this class, from the list in {@link Setting}, rather than by
 * Helidon's own aliasing, which would read {@code FLOWGATE_KEYS_PRIVATE_KEY} as
 * {@code flowgate.keys.private.key} and miss the dash.
 */
public final class SettingsReader {

    private SettingsReader() {
    }

    public static FlowgateSettings read(Optional<Path> configFile, Map<String, String> environment) {
        Config config = load(configFile, environment);
        int workers = intValue(config, Setting.CRYPTO_WORKERS);
        return new FlowgateSettings(
                text(config, Setting.SERVER_HOST),
                intValue(config, Setting.SERVER_PORT),
                Optional.of(text(config, Setting.PRIVATE_KEY)).filter(s -> !s.isBlank()).map(Path::of),
                text(config, Setting.PASSPHRASE),
                Path.of(text(config, Setting.PLUGINS_DIR)),
                Path.of(text(config, Setting.DATA_DIR)),
                CryptoProviders.Preference.parse(text(config, Setting.CRYPTO_PROVIDER)),
                workers > 0 ? workers : Runtime.getRuntime().availableProcessors(),
                positive(config, Setting.CRYPTO_QUEUE_CAPACITY),
                positive(config, Setting.HTTP_MAX_BODY));
    }

    private static Config load(Optional<Path> configFile, Map<String, String> environment) {
        Map<String, String> fromEnvironment = new HashMap<>();
        for (Setting setting : Setting.values()) {
            String value = environment.get(setting.environmentVariable());
            if (value != null) {
                fromEnvironment.put(setting.key(), value);
            }
        }
        var builder = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(fromEnvironment, "environment variables"))
                .addSource(ConfigSources.systemProperties());
        Path file = configFile.orElse(Path.of("application.yaml"));
        if (configFile.isPresent() && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the configuration file " + file.toAbsolutePath() + " does not exist");
        }
        if (Files.isRegularFile(file)) {
            builder.addSource(ConfigSources.file(file));
        }
        return builder.addSource(ConfigSources.classpath("application.yaml")).build();
    }

    private static String text(Config config, Setting setting) {
        return config.get(setting.key()).asString().orElse(setting.defaultValue()).strip();
    }

    private static int intValue(Config config, Setting setting) {
        String text = text(config, setting);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.key() + " (" + setting.environmentVariable() + ") is \"" + text
                    + "\": expected a whole number", e);
        }
    }

    private static int positive(Config config, Setting setting) {
        int value = intValue(config, setting);
        if (value < 1) {
            throw new IllegalArgumentException(setting.key() + " must be at least 1, not " + value);
        }
        return value;
    }
}
