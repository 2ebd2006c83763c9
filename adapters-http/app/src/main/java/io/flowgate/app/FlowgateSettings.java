package io.flowgate.app;

import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.crypto.CryptoProviders;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.List;

/**
 * Everything the server is configured with, read once at startup by {@link SettingsReader}.
 *
 * @param privateKeys     the configured key files, newest first; empty means "use the development key"
 * @param cryptoWorkers   threads for decryption (already resolved: never 0)
 * @param adminToken      the admin API's bearer token; empty: no admin API
 * @param storageType     which storage adapter to use
 * @param storageSettings the {@code flowgate.storage.<type>.*} settings, keyed without that prefix
 * @param appSecrets      the Meta app secrets, newest first; empty: signatures are not checked
 */
public record FlowgateSettings(String host, int port, List<Path> privateKeys, String passphrase, Path pluginsDir,
                               Path dataDir, CryptoProviders.Preference cryptoProvider, int cryptoWorkers,
                               int cryptoQueueCapacity, long maxBodyBytes, Duration readTimeout,
                               Duration handlerTimeout, String adminToken, TokenPolicy tokens,
                               Duration sessionRetention, Duration purgeInterval, String storageType,
                               Map<String, String> storageSettings, String webhookVerifyToken, List<String> appSecrets,
                               MediaSettings media) {

    /** Downloads of uploads: size cap, host allowlist, plain-http exceptions, timeout, and the store's folder. */
    public record MediaSettings(long maxBytes, List<String> allowedHosts, List<String> insecureHosts, Duration timeout,
                                Path directory) {
        public MediaSettings {
            allowedHosts = List.copyOf(allowedHosts);
            insecureHosts = List.copyOf(insecureHosts);
        }
    }

    public FlowgateSettings {
        privateKeys = List.copyOf(privateKeys);
        storageSettings = Map.copyOf(storageSettings);
        appSecrets = List.copyOf(appSecrets);
    }

    @Override
    public String toString() {
        // Secrets never reach a log line.
        return "FlowgateSettings[host=" + host + ", port=" + port + ", privateKeys=" + privateKeys
                + ", passphrase=" + shown(passphrase) + ", pluginsDir=" + pluginsDir + ", dataDir=" + dataDir
                + ", cryptoProvider=" + cryptoProvider + ", cryptoWorkers=" + cryptoWorkers
                + ", cryptoQueueCapacity=" + cryptoQueueCapacity + ", maxBodyBytes=" + maxBodyBytes
                + ", adminToken=" + shown(adminToken) + ", tokens=" + tokens.mode() + ", storage=" + storageType
                + ", webhookVerifyToken=" + shown(webhookVerifyToken) + ", appSecrets=" + appSecrets.size() + "]";
    }

    private static String shown(String secret) {
        return secret.isEmpty() ? "(none)" : "(set)";
    }
}
