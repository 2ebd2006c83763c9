package io.flowgate.server;

import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.crypto.CryptoProviders;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the server is configured with, read once at startup by {@link SettingsReader}.
 *
 * @param privateKey      the configured key file; empty means "use the development key"
 * @param cryptoWorkers   threads for decryption (already resolved: never 0)
 * @param adminToken      the admin API's bearer token; empty: no admin API
 * @param storageType     which storage adapter to use
 * @param storageSettings the {@code flowgate.storage.<type>.*} settings, keyed without that prefix
 */
public record FlowgateSettings(String host, int port, Optional<Path> privateKey, String passphrase, Path pluginsDir,
                               Path dataDir, CryptoProviders.Preference cryptoProvider, int cryptoWorkers,
                               int cryptoQueueCapacity, long maxBodyBytes, String adminToken, TokenPolicy tokens,
                               Duration sessionRetention, Duration purgeInterval, String storageType,
                               Map<String, String> storageSettings, String webhookVerifyToken, String appSecret) {

    public FlowgateSettings {
        storageSettings = Map.copyOf(storageSettings);
    }

    @Override
    public String toString() {
        // Secrets never reach a log line.
        return "FlowgateSettings[host=" + host + ", port=" + port + ", privateKey=" + privateKey
                + ", passphrase=" + shown(passphrase) + ", pluginsDir=" + pluginsDir + ", dataDir=" + dataDir
                + ", cryptoProvider=" + cryptoProvider + ", cryptoWorkers=" + cryptoWorkers
                + ", cryptoQueueCapacity=" + cryptoQueueCapacity + ", maxBodyBytes=" + maxBodyBytes
                + ", adminToken=" + shown(adminToken) + ", tokens=" + tokens.mode() + ", storage=" + storageType
                + ", webhookVerifyToken=" + shown(webhookVerifyToken) + ", appSecret=" + shown(appSecret) + "]";
    }

    private static String shown(String secret) {
        return secret.isEmpty() ? "(none)" : "(set)";
    }
}
