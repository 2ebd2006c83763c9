package io.flowgate.app;

import io.flowgate.core.port.in.ServeFlowEndpoint;
import io.flowgate.core.service.FlowEndpointService;
import io.flowgate.core.port.out.StateStore;
import io.flowgate.core.port.out.StorageAdapter;
import io.flowgate.core.service.FlowRequestService;
import io.flowgate.core.service.MediaService;
import io.flowgate.crypto.WhatsAppMediaCipher;
import io.flowgate.cdn.HttpMediaDownloader;
import io.flowgate.storage.media.FilesystemMediaStore;
import io.flowgate.core.service.PurgeService;
import io.flowgate.core.service.TokenService;
import io.flowgate.core.service.WebhookService;
import io.flowgate.core.service.CompletionAdminService;
import io.flowgate.core.service.CompletionDeliveryService;
import io.flowgate.core.domain.WebhookDeliveryPolicy;
import io.flowgate.http.CompletionAdminRoutes;
import io.flowgate.crypto.HubSignatureVerifier;
import io.flowgate.http.AdminRoutes;
import io.flowgate.http.StalledHeadersGuard;
import io.helidon.webserver.http1.Http1Config;
import io.flowgate.http.BodyReader;
import io.flowgate.http.WebhookRoutes;
import io.flowgate.crypto.BoundedEnvelopeCipher;
import io.flowgate.crypto.CryptoProviders;
import io.flowgate.crypto.DevelopmentKeyStore;
import io.flowgate.crypto.FlowEnvelopeCipher;
import io.flowgate.crypto.PemPrivateKeyReader;
import io.flowgate.crypto.PrivateKeyLoadException;
import io.flowgate.crypto.PublicKeys;
import io.flowgate.http.FlowEndpointRoutes;
import io.flowgate.json.JacksonJsonCodec;
import io.flowgate.plugins.loader.LoadedPlugin;
import io.flowgate.plugins.loader.PluginCatalog;
import io.flowgate.plugins.loader.PluginDirectory;
import io.flowgate.plugins.loader.PluginLoadException;
import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The composition root: the only place that names concrete adapters. Loads the key and the plugins, wires
 * core to them, and starts the web server.
 */
public final class FlowgateServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FlowgateServer.class.getName());

    /** Meta's webhook payloads are at most 3 MB; the data endpoint enforces its own, smaller, limit. */
    private static final long WEBHOOK_MAX_BODY = 4L * 1024 * 1024;
    /** Keep-alive connections without traffic close after this (Helidon's default is five minutes). */
    private static final java.time.Duration IDLE_CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(60);

    private final WebServer webServer;
    private final PluginCatalog plugins;
    private final BoundedEnvelopeCipher cipher;
    private final StateStore store;
    private final BackgroundJobs jobs;
    private final RSAPublicKey publicKey;

    private FlowgateServer(WebServer webServer, PluginCatalog plugins, BoundedEnvelopeCipher cipher, StateStore store,
                           BackgroundJobs jobs, RSAPublicKey publicKey) {
        this.webServer = webServer;
        this.plugins = plugins;
        this.cipher = cipher;
        this.store = store;
        this.jobs = jobs;
        this.publicKey = publicKey;
    }

    /** Starts a server; every configuration problem is a {@link StartupException} that says what to fix. */
    public static FlowgateServer start(FlowgateSettings settings) throws StartupException {
        return start(settings, WebhookDeliveryPolicy.defaults());
    }

    /** As {@link #start(FlowgateSettings)}, with how completions are delivered to plugins. */
    static FlowgateServer start(FlowgateSettings settings, WebhookDeliveryPolicy delivery) throws StartupException {
        List<RSAPrivateCrtKey> privateKeys = privateKeys(settings);
        RSAPublicKey publicKey = PublicKeys.of(privateKeys.getFirst());
        CryptoProviders.Choice provider;
        try {
            provider = CryptoProviders.choose(settings.cryptoProvider());
        } catch (IllegalStateException e) {
            throw new StartupException(e.getMessage(), e);
        }
        PluginCatalog plugins;
        try {
            plugins = new PluginCatalog(PluginDirectory.load(settings.pluginsDir()));
        } catch (PluginLoadException e) {
            throw new StartupException(e.getMessage(), e);
        }
        StateStore store;
        try {
            store = openStore(settings);
        } catch (StartupException e) {
            plugins.close();
            throw e;
        }
        var cipher = new BoundedEnvelopeCipher(new FlowEnvelopeCipher(privateKeys, provider.provider()),
                settings.cryptoWorkers(), settings.cryptoQueueCapacity());
        Clock clock = Clock.systemUTC();
        var json = new JacksonJsonCodec();
        var signatures = new HubSignatureVerifier(settings.appSecrets());
        var mediaSettings = settings.media();
        var media = new MediaService(
                new HttpMediaDownloader(mediaSettings.allowedHosts(), mediaSettings.insecureHosts(), mediaSettings.maxBytes(),
                        mediaSettings.timeout(), mediaSettings.directory().resolve(".tmp")),
                new WhatsAppMediaCipher(), new FilesystemMediaStore(mediaSettings.directory()),
                mediaSettings.directory().resolve(".tmp"));
        ServeFlowEndpoint endpoint = new FlowEndpointService(plugins, signatures, cipher, json,
                new FlowRequestService(plugins, store, settings.tokens(), clock, signatures, json, settings.handlerTimeout(),
                        media));
        var webhook = new WebhookService(signatures, settings.webhookVerifyToken(), json, store, clock);
        var deliveries = new CompletionDeliveryService(store, store, plugins, json, delivery, clock, instanceId());
        var jobs = new BackgroundJobs(deliveries, new PurgeService(store, store, settings.sessionRetention(), clock),
                settings.purgeInterval());

        WebServer webServer;
        try {
            webServer = WebServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .maxPayloadSize(Math.max(settings.maxBodyBytes(), WEBHOOK_MAX_BODY))
                    .shutdownHook(false)
                    .addProtocol(slowClientGuard(settings))
                    // A request line that trickles in counts as idle traffic: bounded here, not by the guard.
                    .idleConnectionTimeout(IDLE_CONNECTION_TIMEOUT)
                    .idleConnectionPeriod(java.time.Duration.ofSeconds(10))
                    .routing(routing -> {
                        routing.register("/flows", new FlowEndpointRoutes(endpoint, new BodyReader(settings.maxBodyBytes(), settings.readTimeout())));
                        routing.register("/webhook", new WebhookRoutes(webhook, new BodyReader(WEBHOOK_MAX_BODY, settings.readTimeout()), jobs::deliverSoon));
                        if (!settings.adminToken().isEmpty()) {
                            routing.register("/api", new AdminRoutes(
                                    new TokenService(plugins, store, settings.tokens(), clock), json, settings.adminToken()),
                                    new CompletionAdminRoutes(new CompletionAdminService(store, clock), json,
                                            settings.adminToken()));
                        }
                    })
                    .build()
                    .start();
        } catch (RuntimeException e) {
            jobs.close();
            cipher.close();
            store.close();
            plugins.close();
            throw new StartupException("the web server could not start on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        var server = new FlowgateServer(webServer, plugins, cipher, store, jobs, publicKey);
        logStartup(server, provider, settings);
        return server;
    }

    /** One guard watches both directions: received heads start and end deadlines, sent statuses end requests. */
    private static Http1Config slowClientGuard(FlowgateSettings settings) {
        var guard = new StalledHeadersGuard(settings.readTimeout());
        return Http1Config.builder().addReceiveListener(guard).addSendListener(guard).build();
    }

    /** The storage adapter named by flowgate.storage.type, found with ServiceLoader on the server's class path. */
    private static StateStore openStore(FlowgateSettings settings) throws StartupException {
        List<StorageAdapter> adapters = ServiceLoader.load(StorageAdapter.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        StorageAdapter adapter = adapters.stream().filter(a -> a.type().equals(settings.storageType())).findFirst()
                .orElseThrow(() -> new StartupException("flowgate.storage.type is \"" + settings.storageType()
                        + "\", but the storage adapters on the class path are "
                        + adapters.stream().map(StorageAdapter::type).sorted().toList(), null));
        try {
            StateStore store = adapter.open(settings.storageSettings(), settings.dataDir());
            LOG.log(Level.INFO, "storage: {0}", store.describe());
            return store;
        } catch (StorageAdapter.StorageException | IllegalArgumentException e) {
            throw new StartupException("storage " + settings.storageType() + ": " + e.getMessage()
                    + " (check the flowgate.storage." + settings.storageType() + ".* settings)", e);
        }
    }

    /** Names this process as the holder of webhook leases, for logs and for the inbox. */
    private static String instanceId() {
        return ProcessHandle.current().pid() + "@" + System.getenv().getOrDefault("HOSTNAME", "localhost") + "/"
                + Long.toHexString(System.nanoTime());
    }

    /** The configured keys, newest first, or the development key when none is configured. */
    private static List<RSAPrivateCrtKey> privateKeys(FlowgateSettings settings) throws StartupException {
        try {
            if (!settings.privateKeys().isEmpty()) {
                char[] passphrase = settings.passphrase().isEmpty() ? null : settings.passphrase().toCharArray();
                List<RSAPrivateCrtKey> keys = new java.util.ArrayList<>();
                for (var file : settings.privateKeys()) {
                    RSAPrivateCrtKey key = PemPrivateKeyReader.read(file, passphrase);
                    LOG.log(Level.INFO, "private key {0}: public key fingerprint {1}", file,
                            PublicKeys.fingerprint(PublicKeys.of(key)));
                    keys.add(key);
                }
                return List.copyOf(keys);
            }
            var development = DevelopmentKeyStore.loadOrCreate(settings.dataDir());
            String publicPem = PublicKeys.toPem(PublicKeys.of(development.privateKey()));
            LOG.log(Level.WARNING, "no private key configured (flowgate.keys.private-key): using the development key "
                    + "{0}{1}. Production must configure its own key. Upload this public key to Meta for your phone "
                    + "number (POST /<PHONE_NUMBER_ID>/whatsapp_business_encryption, field business_public_key):\n{2}",
                    development.privateKeyFile().toAbsolutePath(), development.created() ? ", created just now" : "",
                    publicPem);
            return List.of(development.privateKey());
        } catch (PrivateKeyLoadException e) {
            throw new StartupException(e.getMessage(), e);
        } catch (IOException e) {
            throw new StartupException("the development key could not be created under " + settings.dataDir()
                    .toAbsolutePath() + ": " + e.getMessage() + " (check flowgate.data.dir)", e);
        }
    }

    private static void logStartup(FlowgateServer server, CryptoProviders.Choice provider, FlowgateSettings settings) {
        LOG.log(Level.INFO, "flow tokens: {0} mode; admin API {1}", settings.tokens().mode().name().toLowerCase(java.util.Locale.ROOT),
                settings.adminToken().isEmpty() ? "off (set flowgate.admin.token to issue tokens)" : "on at /api");
        if (settings.appSecrets().isEmpty()) {
            LOG.log(Level.WARNING, "flowgate.app-secret is not set: data-endpoint requests and webhook deliveries are"
                    + " accepted without checking their X-Hub-Signature-256");
        } else {
            LOG.log(Level.INFO, "X-Hub-Signature-256 checked with {0} app secret(s)", settings.appSecrets().size());
        }
        for (LoadedPlugin plugin : server.plugins.plugins()) {
            LOG.log(Level.INFO, "plugin {0}: flow \"{1}\" at POST /flows/{1}", plugin.source(), plugin.flowId());
        }
        LOG.log(Level.INFO, "public key fingerprint {0} (the newest key; upload it to Meta)",
                PublicKeys.fingerprint(server.publicKey));
        LOG.log(Level.INFO, "crypto provider: {0}; {1} decryption workers", provider.description(),
                settings.cryptoWorkers());
        LOG.log(Level.INFO, "Flowgate listening on http://{0}:{1,number,#}", settings.host(), server.port());
    }

    public int port() {
        return webServer.port();
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    public List<LoadedPlugin> plugins() {
        return plugins.plugins();
    }

    @Override
    public void close() {
        webServer.stop();
        jobs.close();
        cipher.close();
        store.close();
        plugins.close();
    }

    /** Startup failed for a reason the operator can fix; the message says how. */
    public static final class StartupException extends Exception {
        public StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
