package io.flowgate.app;

import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.core.domain.AbandonmentPolicy;
import io.flowgate.core.domain.WebhookDeliveryPolicy;
import io.flowgate.crypto.CryptoProviders;
import io.flowgate.http.FlowgateWebServer;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.List;
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

    /** Admin tokens shorter than this are refused: the admin API issues flow tokens and must not be guessable. */
    static final int MIN_ADMIN_TOKEN_LENGTH = 16;

    /**
     * The folder of an installed release, set by its {@code bin/flowgate} as this system property: the default
     * configuration file is then {@code conf/application.yaml} in it, and relative paths in settings are resolved
     * against it, so the server finds its plugins and data from whatever directory it is started in. Without it
     * (running from the source tree) both are relative to the working directory, as before.
     */
    static final String HOME_PROPERTY = "flowgate.home";

    public static FlowgateSettings read(Optional<Path> configFile, Map<String, String> environment) {
        Config config = load(configFile, environment);
        List<String> keys = list(config, Setting.PRIVATE_KEYS);
        if (keys.isEmpty() && !text(config, Setting.PRIVATE_KEY).isEmpty()) {
            keys = List.of(text(config, Setting.PRIVATE_KEY));
        }
        String storageType = text(config, Setting.STORAGE_TYPE).toLowerCase(Locale.ROOT);
        Path dataDir = path(text(config, Setting.DATA_DIR));
        return new FlowgateSettings(
                new FlowgateSettings.Listeners(
                        new FlowgateWebServer.Address(text(config, Setting.SERVER_HOST), port(config, Setting.SERVER_PORT)),
                        new FlowgateWebServer.Address(text(config, Setting.MANAGEMENT_HOST),
                                port(config, Setting.MANAGEMENT_PORT)),
                        duration(config, Setting.SHUTDOWN_GRACE)),
                config.get("server"),
                new FlowgateSettings.Keys(keys.stream().map(SettingsReader::path).toList(),
                        secret(config, Setting.PASSPHRASE, Setting.PASSPHRASE_FILE)),
                new FlowgateSettings.Directories(path(text(config, Setting.PLUGINS_DIR)), dataDir),
                crypto(config),
                new FlowgateSettings.Requests(duration(config, Setting.REQUEST_DEADLINE),
                        positiveLong(config, Setting.HTTP_MAX_BODY), duration(config, Setting.HTTP_READ_TIMEOUT),
                        positive(config, Setting.PLUGINS_MAX_CONCURRENT_CALLS)),
                new FlowgateWebServer.Limits(positive(config, Setting.HTTP_MAX_CONNECTIONS),
                        positive(config, Setting.MANAGEMENT_MAX_CONNECTIONS),
                        positive(config, Setting.HTTP_MAX_CONCURRENT_REQUESTS)),
                duration(config, Setting.HTTP_LISTENER_CHECK_INTERVAL),
                security(config),
                tokenPolicy(config),
                new FlowgateSettings.Sessions(duration(config, Setting.SESSIONS_RETENTION),
                        duration(config, Setting.SESSIONS_PURGE_INTERVAL)),
                new FlowgateSettings.Storage(storageType, storageSettings(config, storageType)),
                new FlowgateSettings.Media(positiveLong(config, Setting.MEDIA_MAX_BYTES),
                        list(config, Setting.MEDIA_ALLOWED_HOSTS), list(config, Setting.MEDIA_INSECURE_HOSTS),
                        duration(config, Setting.MEDIA_TIMEOUT),
                        text(config, Setting.MEDIA_DIR).isEmpty() ? dataDir.resolve("media")
                                : path(text(config, Setting.MEDIA_DIR)),
                        positive(config, Setting.MEDIA_MAX_CONCURRENT_DOWNLOADS),
                        nonNegativeLong(config, Setting.MEDIA_MAX_TEMP_BYTES)),
                flowJson(config, !keys.isEmpty()),
                new WebhookDeliveryPolicy(duration(config, Setting.WEBHOOK_DELIVERY_TIMEOUT),
                        positive(config, Setting.WEBHOOK_DELIVERY_MAX_ATTEMPTS),
                        positive(config, Setting.WEBHOOK_DELIVERY_CONCURRENCY),
                        duration(config, Setting.WEBHOOK_DELIVERY_FIRST_RETRY_DELAY),
                        duration(config, Setting.WEBHOOK_DELIVERY_MAX_RETRY_DELAY)),
                new AbandonmentPolicy(duration(config, Setting.SESSIONS_ABANDON_AFTER),
                        duration(config, Setting.SESSIONS_ABANDON_SCAN_INTERVAL),
                        positive(config, Setting.SESSIONS_ABANDON_HOOK_MAX_ATTEMPTS),
                        duration(config, Setting.SESSIONS_ABANDON_HOOK_TIMEOUT),
                        duration(config, Setting.SESSIONS_ABANDON_HOOK_FIRST_RETRY_DELAY)),
                playground(config, !keys.isEmpty()),
                metaFlowIds(config),
                meta(config),
                FlowgateSettings.LogFormat.parse(text(config, Setting.LOG_FORMAT)));
    }

    /** auto: on in development mode, where a quick look at a flow is the point; in production only when asked. */
    private static FlowgateSettings.Playground playground(Config config, boolean production) {
        String value = text(config, Setting.PLAYGROUND_ENABLED).strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "auto" -> new FlowgateSettings.Playground(!production);
            case "true" -> new FlowgateSettings.Playground(true);
            case "false" -> new FlowgateSettings.Playground(false);
            default -> throw new IllegalArgumentException(Setting.PLAYGROUND_ENABLED.key() + " ("
                    + Setting.PLAYGROUND_ENABLED.environmentVariable() + ") is \"" + value
                    + "\": expected true, false or auto");
        };
    }

    /** {@code flowgate.flows.<flowId>.meta-flow-id}, as the per-flow validation mode is read. */
    private static MetaFlowIds metaFlowIds(Config config) {
        Map<String, String> byFlow = new HashMap<>();
        for (Config flow : config.get("flowgate.flows").asNodeList().orElse(List.of())) {
            flow.get("meta-flow-id").asString().ifPresent(value -> {
                String key = "flowgate.flows." + flow.name() + ".meta-flow-id";
                if (!io.flowgate.core.domain.FlowId.isValid(flow.name())) {
                    throw new IllegalArgumentException(key + ": \"" + flow.name() + "\" is not a flow id (letters,"
                            + " digits, '-' and '_', at most 64)");
                }
                String metaId = value.strip();
                if (metaId.isEmpty() || metaId.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException(key + " must be the flow's id at Meta (the number in WhatsApp"
                            + " Manager's flow URL, or GET /<WABA_ID>/flows), not \"" + metaId + "\"");
                }
                byFlow.put(flow.name(), metaId);
            });
        }
        return new MetaFlowIds(byFlow);
    }

    private static FlowgateSettings.Meta meta(Config config) {
        String url = text(config, Setting.META_GRAPH_URL);
        java.net.URI graphUrl;
        try {
            graphUrl = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(Setting.META_GRAPH_URL.key() + " is \"" + url + "\": expected a URL such"
                    + " as " + Setting.META_GRAPH_URL.defaultValue(), e);
        }
        if (!List.of("https", "http").contains(String.valueOf(graphUrl.getScheme())) || graphUrl.getHost() == null) {
            throw new IllegalArgumentException(Setting.META_GRAPH_URL.key() + " is \"" + url + "\": expected an https URL"
                    + " such as " + Setting.META_GRAPH_URL.defaultValue());
        }
        return new FlowgateSettings.Meta(graphUrl, secret(config, Setting.META_ACCESS_TOKEN, Setting.META_ACCESS_TOKEN_FILE),
                list(config, Setting.META_PHONE_NUMBER_ID), text(config, Setting.META_WABA_ID),
                duration(config, Setting.META_TIMEOUT), positive(config, Setting.META_RETRY_MAX_ATTEMPTS),
                duration(config, Setting.META_RETRY_FIRST_DELAY), metaFlowIds(config));
    }

    /** The global mode (auto: enforce in development, warn in production) and the per-flow settings. */
    private static FlowgateSettings.FlowJson flowJson(Config config, boolean production) {
        String mode = text(config, Setting.VALIDATION_MODE).toLowerCase(Locale.ROOT);
        if (mode.equals("auto")) {
            mode = production ? "warn" : "enforce";
        }
        requireMode(Setting.VALIDATION_MODE.key(), mode);
        Map<String, String> modes = new HashMap<>();
        Map<String, Path> files = new HashMap<>();
        for (Config flow : config.get("flowgate.flows").asNodeList().orElse(List.of())) {
            flow.get("validation.mode").asString().ifPresent(value -> {
                requireMode("flowgate.flows." + flow.name() + ".validation.mode", value.strip().toLowerCase(Locale.ROOT));
                modes.put(flow.name(), value.strip().toLowerCase(Locale.ROOT));
            });
            flow.get("flow-json").asString().ifPresent(file -> files.put(flow.name(), path(file.strip())));
        }
        return new FlowgateSettings.FlowJson(mode, modes, files);
    }

    private static void requireMode(String key, String mode) {
        if (!List.of("off", "warn", "enforce").contains(mode)) {
            throw new IllegalArgumentException(key + " is \"" + mode + "\": expected off, warn, enforce or (globally) auto");
        }
    }

    private static FlowgateSettings.Crypto crypto(Config config) {
        int workers = intValue(config, Setting.CRYPTO_WORKERS);
        return new FlowgateSettings.Crypto(CryptoProviders.Preference.parse(text(config, Setting.CRYPTO_PROVIDER)),
                workers > 0 ? workers : Runtime.getRuntime().availableProcessors(),
                positive(config, Setting.CRYPTO_QUEUE_CAPACITY));
    }

    private static FlowgateSettings.Security security(Config config) {
        List<String> appSecrets = list(config, Setting.APP_SECRETS);
        if (appSecrets.isEmpty()) {
            String single = secret(config, Setting.APP_SECRET, Setting.APP_SECRET_FILE);
            appSecrets = single.isEmpty() ? List.of() : List.of(single);
        }
        String adminToken = secret(config, Setting.ADMIN_TOKEN, Setting.ADMIN_TOKEN_FILE);
        if (!adminToken.isEmpty() && adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(Setting.ADMIN_TOKEN.key() + " is " + adminToken.length()
                    + " characters long; use at least " + MIN_ADMIN_TOKEN_LENGTH + " random ones, for example the"
                    + " output of: openssl rand -hex 24");
        }
        return new FlowgateSettings.Security(appSecrets, bool(config, Setting.ALLOW_UNSIGNED), adminToken,
                text(config, Setting.WEBHOOK_VERIFY_TOKEN));
    }

    private static boolean bool(Config config, Setting setting) {
        String text = text(config, setting).toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(setting.key() + " (" + setting.environmentVariable()
                    + ") is \"" + text + "\": expected true or false");
        };
    }

    private static int port(Config config, Setting setting) {
        int port = intValue(config, setting);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(setting.key() + " (" + setting.environmentVariable() + ") is " + port
                    + ": expected a port from 0 (any free one) to 65535");
        }
        return port;
    }

    private static long nonNegativeLong(Config config, Setting setting) {
        String text = text(config, setting);
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new IllegalArgumentException(setting.key() + " must not be negative, not " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.key() + " (" + setting.environmentVariable() + ") is \"" + text
                    + "\": expected a whole number", e);
        }
    }

    private static long positiveLong(Config config, Setting setting) {
        String text = text(config, setting);
        try {
            long value = Long.parseLong(text);
            if (value < 1) {
                throw new IllegalArgumentException(setting.key() + " must be at least 1, not " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.key() + " (" + setting.environmentVariable() + ") is \"" + text
                    + "\": expected a whole number", e);
        }
    }

    /** A secret from its setting, or from the file its {@code -file} setting names (one trailing newline dropped). */
    private static String secret(Config config, Setting value, Setting file) {
        String direct = text(config, value);
        String path = text(config, file);
        if (path.isEmpty()) {
            return direct;
        }
        if (!direct.isEmpty()) {
            throw new IllegalArgumentException("set " + value.key() + " or " + file.key() + ", not both");
        }
        try {
            return Files.readString(path(path), java.nio.charset.StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(file.key() + " names " + path(path).toAbsolutePath()
                    + ", which cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** A comma-separated setting, or a YAML list. */
    private static List<String> list(Config config, Setting setting) {
        Config node = config.get(setting.key());
        List<String> items = node.asList(String.class).orElse(List.of());
        if (items.size() == 1 || items.isEmpty()) {
            String joined = items.isEmpty() ? text(config, setting) : items.getFirst();
            items = java.util.Arrays.stream(joined.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
        }
        return items.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
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
        Path file = configFile.orElseGet(SettingsReader::defaultConfigFile);
        if (configFile.isPresent() && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the configuration file " + file.toAbsolutePath() + " does not exist");
        }
        if (Files.isRegularFile(file)) {
            builder.addSource(ConfigSources.file(file));
        }
        // No file of defaults: each default lives in Setting, the one list the docs are generated from.
        return builder.build();
    }

    /** {@code ./application.yaml}, or {@code conf/application.yaml} of the release named by {@value #HOME_PROPERTY}. */
    private static Path defaultConfigFile() {
        return home().map(home -> home.resolve("conf").resolve("application.yaml")).orElse(Path.of("application.yaml"));
    }

    /** A path from a setting: relative ones are relative to the release folder when there is one. */
    private static Path path(String text) {
        Path path = Path.of(text);
        return path.isAbsolute() ? path : home().map(home -> home.resolve(path)).orElse(path);
    }

    private static Optional<Path> home() {
        String home = System.getProperty(HOME_PROPERTY, "").strip();
        return home.isEmpty() ? Optional.empty() : Optional.of(Path.of(home));
    }

    private static TokenPolicy tokenPolicy(Config config) {
        String mode = text(config, Setting.TOKENS_MODE);
        TokenPolicy.Mode parsed = switch (mode.toLowerCase(Locale.ROOT)) {
            case "strict" -> TokenPolicy.Mode.STRICT;
            case "open" -> TokenPolicy.Mode.OPEN;
            default -> throw new IllegalArgumentException("flowgate.tokens.mode (FLOWGATE_TOKENS_MODE) is \"" + mode
                    + "\": expected strict or open");
        };
        Map<String, String> byFlow = new HashMap<>();
        for (Config flow : config.get("flowgate.flows").asNodeList().orElse(java.util.List.of())) {
            flow.get("token-error-message").asString().ifPresent(message -> byFlow.put(flow.name(), message));
        }
        Duration defaultTtl = duration(config, Setting.TOKENS_DEFAULT_TTL);
        return new TokenPolicy(parsed, defaultTtl, duration(config, Setting.TOKENS_MAX_TTL), defaultTtl,
                text(config, Setting.TOKENS_ERROR_MESSAGE), byFlow);
    }

    /**
     * Every leaf under {@code flowgate.storage.<type>}, keyed relative to it, with the defaults {@link Setting}
     * gives for that adapter's keys, so that the defaults live in one place.
     */
    private static Map<String, String> storageSettings(Config config, String type) {
        Config node = config.get("flowgate.storage." + type);
        String prefix = node.key().toString() + ".";
        Map<String, String> settings = new HashMap<>();
        for (Setting setting : Setting.values()) {
            if (setting.key().startsWith(prefix) && !setting.defaultValue().isEmpty()) {
                settings.put(setting.key().substring(prefix.length()), setting.defaultValue());
            }
        }
        node.asMap().orElse(Map.of()).forEach((key, value) ->
                settings.put(key.startsWith(prefix) ? key.substring(prefix.length()) : key, value));
        return settings;
    }

    private static String text(Config config, Setting setting) {
        return config.get(setting.key()).asString().orElse(setting.defaultValue()).strip();
    }

    private static Duration duration(Config config, Setting setting) {
        String text = text(config, setting);
        try {
            Duration value = Duration.parse(text);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(setting.key() + " must be positive, not " + text);
            }
            return value;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(setting.key() + " (" + setting.environmentVariable() + ") is \"" + text
                    + "\": expected an ISO-8601 duration such as PT24H or P7D", e);
        }
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
