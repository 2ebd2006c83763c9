package io.flowgate.server;

import io.flowgate.crypto.CryptoProviders;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything the server is configured with, read once at startup.
 *
 * @param privateKey    the configured key file; empty means "use the development key"
 * @param cryptoWorkers threads for decryption (already resolved: never 0)
 */
public record FlowgateSettings(String host, int port, Optional<Path> privateKey, String passphrase, Path pluginsDir,
                               Path dataDir, CryptoProviders.Preference cryptoProvider, int cryptoWorkers,
                               int cryptoQueueCapacity, long maxBodyBytes) {

    @Override
    public String toString() {
        // The passphrase never reaches a log line.
        return "FlowgateSettings[host=" + host + ", port=" + port + ", privateKey=" + privateKey
                + ", passphrase=" + (passphrase.isEmpty() ? "(none)" : "(set)") + ", pluginsDir=" + pluginsDir
                + ", dataDir=" + dataDir + ", cryptoProvider=" + cryptoProvider + ", cryptoWorkers=" + cryptoWorkers
                + ", cryptoQueueCapacity=" + cryptoQueueCapacity + ", maxBodyBytes=" + maxBodyBytes + "]";
    }

    /** The same settings listening on another port; tests start servers on port 0. */
    public FlowgateSettings withPort(int newPort) {
        return new FlowgateSettings(host, newPort, privateKey, passphrase, pluginsDir, dataDir, cryptoProvider,
                cryptoWorkers, cryptoQueueCapacity, maxBodyBytes);
    }
}
