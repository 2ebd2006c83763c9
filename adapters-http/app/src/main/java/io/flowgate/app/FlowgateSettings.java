package io.flowgate.app;

import io.flowgate.core.domain.AbandonmentPolicy;
import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.core.domain.WebhookDeliveryPolicy;
import io.flowgate.crypto.CryptoProviders;
import io.flowgate.http.FlowgateWebServer;
import io.flowgate.http.FlowgateWebServer.Address;
import io.helidon.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the server is configured with, read once at startup by {@link SettingsReader}, in groups that
 * each serve one part of the server. Defaults live in {@link Setting} only.
 *
 * @param helidonServer the {@code server} node as Helidon reads it (TLS, limits and the rest of Helidon's own
 *                      listener settings); host and port are taken from {@link #publicListener}
 */
public record FlowgateSettings(Listeners listeners, Config helidonServer, Keys keys, Directories directories,
                               Crypto crypto, Requests requests, FlowgateWebServer.Limits connectionLimits,
                               Duration listenerCheckInterval, Security security, TokenPolicy tokens,
                               Sessions sessions, Storage storage, Media media, FlowJson flowJson,
                               WebhookDeliveryPolicy webhookDelivery, AbandonmentPolicy abandonment,
                               Playground playground, MetaFlowIds metaFlowIds, Meta meta, LogFormat logFormat) {

    /** How log records are written to the console. */
    public enum LogFormat {
        TEXT, JSON;

        static LogFormat parse(String text) {
            return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException(Setting.LOG_FORMAT.key() + " ("
                        + Setting.LOG_FORMAT.environmentVariable() + ") is \"" + text + "\": expected text or json");
            };
        }
    }

    /** Whether the playground is served at /playground on the management listener. */
    public record Playground(boolean enabled) {
    }

    /** The public listener (Meta reaches it) and the management listener (never public). */
    public record Listeners(Address publicListener, Address management, Duration shutdownGrace) {
    }

    /**
     * @param privateKeys the configured key files, newest first; empty means development mode (a development key)
     */
    public record Keys(List<Path> privateKeys, String passphrase) {
        public Keys {
            privateKeys = List.copyOf(privateKeys);
        }

        public boolean production() {
            return !privateKeys.isEmpty();
        }

        @Override
        public String toString() {
            return "Keys[privateKeys=" + privateKeys + ", passphrase=" + shown(passphrase) + "]";
        }
    }

    public record Directories(Path plugins, Path data) {
    }

    /** @param workers threads for decryption (already resolved: never 0) */
    public record Crypto(CryptoProviders.Preference provider, int workers, int queueCapacity) {
    }

    /**
     * @param deadline               from a request's arrival to its answer
     * @param maxBodyBytes           the largest data-endpoint body
     * @param readTimeout            how long a client may take for its headers and its body
     * @param maxConcurrentPluginCalls call slots per plugin
     */
    public record Requests(Duration deadline, long maxBodyBytes, Duration readTimeout, int maxConcurrentPluginCalls) {
    }

    /**
     * @param appSecrets         the Meta app secrets, newest first; empty: signatures are not checked
     * @param allowUnsigned      the operator's explicit opt-out of signatures in production
     * @param adminToken         the admin API's bearer token; empty: no admin API
     * @param webhookVerifyToken the verify token of Meta's webhook setup
     */
    public record Security(List<String> appSecrets, boolean allowUnsigned, String adminToken, String webhookVerifyToken) {
        public Security {
            appSecrets = List.copyOf(appSecrets);
        }

        @Override
        public String toString() {
            // Secrets never reach a log line.
            return "Security[appSecrets=" + appSecrets.size() + ", allowUnsigned=" + allowUnsigned + ", adminToken="
                    + shown(adminToken) + ", webhookVerifyToken=" + shown(webhookVerifyToken) + "]";
        }
    }

    public record Sessions(Duration retention, Duration purgeInterval) {
    }

    /** @param settings the {@code flowgate.storage.<type>.*} settings, keyed without that prefix */
    public record Storage(String type, Map<String, String> settings) {
        public Storage {
            settings = Map.copyOf(settings);
        }

        @Override
        public String toString() {
            return "Storage[" + type + "]";
        }
    }

    /**
     * How answers are checked against each flow's Flow JSON.
     *
     * @param mode       off, warn or enforce for flows without their own (auto already resolved)
     * @param modeByFlow {@code flowgate.flows.<flowId>.validation.mode}
     * @param fileByFlow {@code flowgate.flows.<flowId>.flow-json}: a Flow JSON outside the plugin jar
     */
    public record FlowJson(String mode, Map<String, String> modeByFlow, Map<String, Path> fileByFlow) {
        public FlowJson {
            modeByFlow = Map.copyOf(modeByFlow);
            fileByFlow = Map.copyOf(fileByFlow);
        }

        public String modeOf(String flowId) {
            return modeByFlow.getOrDefault(flowId, mode);
        }
    }

    /** Downloads of uploads: size cap, host allowlist, plain-http exceptions, timeout, and the store's folder. */
    /**
     * @param maxConcurrentDownloads downloads running at once
     * @param maxTempBytes           temporary disk for downloads; 0: enough for every concurrent download at full size
     */
    public record Media(long maxBytes, List<String> allowedHosts, List<String> insecureHosts, Duration timeout,
                        Path directory, int maxConcurrentDownloads, long maxTempBytes) {
        public Media {
            allowedHosts = List.copyOf(allowedHosts);
            insecureHosts = List.copyOf(insecureHosts);
        }
    }

    /**
     * Meta's Graph API, for the keys, send and flows commands and the send endpoint.
     *
     * @param accessToken    empty: Meta is not configured
     * @param phoneNumberIds the business numbers; messages go out from the first
     * @param wabaId         the WhatsApp Business Account new flows are created in; empty when not set
     * @param maxAttempts    attempts of a call Meta answers with 429 or 5xx
     */
    public record Meta(java.net.URI graphUrl, String accessToken, List<String> phoneNumberIds, String wabaId,
                       Duration timeout, int maxAttempts, Duration firstRetryDelay, MetaFlowIds flowIds) {
        public Meta {
            phoneNumberIds = List.copyOf(phoneNumberIds);
        }

        public boolean configured() {
            return !accessToken.isEmpty();
        }

        @Override
        public String toString() {
            // The access token never reaches a log line, an exception or a terminal.
            return "Meta[graphUrl=" + graphUrl + ", accessToken=" + shown(accessToken) + ", phoneNumberIds="
                    + phoneNumberIds + ", wabaId=" + (wabaId.isEmpty() ? "(none)" : wabaId) + ", timeout=" + timeout
                    + ", maxAttempts=" + maxAttempts + ", firstRetryDelay=" + firstRetryDelay + ", " + flowIds + "]";
        }
    }


    /** Secrets never reach a log line; Helidon's own server node is left out (it may hold TLS passwords). */
    @Override
    public String toString() {
        return "FlowgateSettings[" + listeners + ", " + keys + ", " + directories + ", " + crypto + ", " + requests
                + ", " + security + ", tokens=" + tokens.mode() + ", " + sessions + ", " + storage + ", " + media + ", "
                + flowJson + ", " + webhookDelivery + ", " + abandonment + ", " + metaFlowIds + ", " + meta + "]";
    }

    private static String shown(String secret) {
        return secret.isEmpty() ? "(none)" : "(set)";
    }
}
