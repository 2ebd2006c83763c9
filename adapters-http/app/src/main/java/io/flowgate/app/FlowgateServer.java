package io.flowgate.app;

import io.flowgate.cdn.HttpMediaDownloader;
import io.flowgate.core.port.in.ServeFlowEndpoint;
import io.flowgate.core.port.out.StateStore;
import io.flowgate.core.port.out.StorageAdapter;
import io.flowgate.core.port.out.JourneyEvents;
import io.flowgate.core.service.AbandonmentService;
import io.flowgate.core.service.JourneyService;
import io.flowgate.core.service.FlowEndpointService;
import io.flowgate.core.service.FlowRequestService;
import io.flowgate.core.service.MediaService;
import io.flowgate.core.service.PluginCalls;
import io.flowgate.core.service.PurgeService;
import io.flowgate.core.service.TokenService;
import io.flowgate.core.service.WebhookService;
import io.flowgate.core.domain.Deadline;
import io.flowgate.core.service.AnswerValidation;
import io.flowgate.core.service.CompletionAdminService;
import io.flowgate.core.service.CompletionDeliveryService;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.service.FlowHealthService;
import io.flowgate.core.service.FlowTraffic;
import io.flowgate.core.service.MetaAlertService;
import io.flowgate.http.FlowHealthRoutes;
import io.flowgate.http.StatusPageRoutes;
import io.flowgate.http.CompletionAdminRoutes;
import io.flowgate.http.JourneyAdminRoutes;
import io.flowgate.http.FlowSendRoutes;
import io.flowgate.core.service.FlowSendService;
import io.flowgate.observe.FlowgateHealth;
import io.flowgate.observe.MetricsRoutes;
import io.flowgate.observe.MicrometerTelemetry;
import io.flowgate.observe.ServerGauges;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.flowgate.crypto.BoundedEnvelopeCipher;
import io.flowgate.crypto.CryptoProviders;
import io.flowgate.crypto.DevelopmentKeyStore;
import io.flowgate.crypto.FlowEnvelopeCipher;
import io.flowgate.crypto.HubSignatureVerifier;
import io.flowgate.crypto.PemPrivateKeyReader;
import io.flowgate.crypto.PrivateKeyLoadException;
import io.flowgate.crypto.PublicKeys;
import io.flowgate.crypto.WhatsAppMediaCipher;
import io.flowgate.http.AdminRoutes;
import io.flowgate.http.BodyReader;
import io.flowgate.http.FlowEndpointRoutes;
import io.flowgate.http.FlowgateWebServer;
import io.flowgate.http.WebhookRoutes;
import io.flowgate.json.JacksonJsonCodec;
import io.flowgate.playground.AnswerCheck;
import io.flowgate.playground.HubSignatureSigner;
import io.flowgate.playground.LocalCdn;
import io.flowgate.playground.PlaygroundFlow;
import io.flowgate.playground.PlaygroundMediaDownloader;
import io.flowgate.playground.PlaygroundRoutes;
import io.flowgate.playground.SignedEndpoint;
import io.flowgate.playground.SignedWebhook;
import io.flowgate.plugins.loader.LoadedPlugin;
import io.flowgate.plugins.loader.PluginCatalog;
import io.flowgate.plugins.loader.PluginDirectory;
import io.flowgate.plugins.loader.PluginLoadException;
import io.flowgate.storage.media.FilesystemMediaStore;
import io.helidon.webserver.http.HttpService;

import io.flowgate.core.domain.FlowId;
import io.flowgate.spi.FlowAction;

import java.io.IOException;
import java.nio.file.Path;
import java.lang.System.Logger.Level;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * The composition root: the only place that names concrete adapters. Loads the key and the plugins, wires
 * core to them, and starts the web server.
 */
public final class FlowgateServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FlowgateServer.class.getName());
    /**
     * The readiness check looks this token up: a real query on the path every step takes, which no issued
     * token can match (issued tokens are 32 base64url characters, without dots).
     */
    private static final String READINESS_PROBE_TOKEN = "flowgate.readiness-probe";

    private final FlowgateWebServer webServer;
    private final PluginCatalog plugins;
    private final PluginCalls pluginCalls;
    private final BoundedEnvelopeCipher cipher;
    private final StateStore store;
    private final BackgroundJobs jobs;
    private final RSAPublicKey publicKey;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private FlowgateServer(FlowgateWebServer webServer, PluginCatalog plugins, PluginCalls pluginCalls,
                           BoundedEnvelopeCipher cipher, StateStore store, BackgroundJobs jobs, RSAPublicKey publicKey) {
        this.webServer = webServer;
        this.plugins = plugins;
        this.pluginCalls = pluginCalls;
        this.cipher = cipher;
        this.store = store;
        this.jobs = jobs;
        this.publicKey = publicKey;
    }

    /** Starts a server; every configuration problem is a {@link StartupException} that says what to fix. */
    public static FlowgateServer start(FlowgateSettings settings) throws StartupException {
        return start(settings, listener -> { });
    }

    /** @param onListenerDied told when a listener stops accepting connections on its own (see Main.serve) */
    public static FlowgateServer start(FlowgateSettings settings, Consumer<String> onListenerDied) throws StartupException {
        return start(settings, onListenerDied, Clock.systemUTC(), JourneyEvents.NONE);
    }

    /**
     * @param clock         the time of tokens, sessions, journeys and deliveries (tests move it by hand)
     * @param journeyEvents told of screens reached, completions and abandonments (the metrics)
     */
    public static FlowgateServer start(FlowgateSettings settings, Consumer<String> onListenerDied, Clock clock,
                                       JourneyEvents journeyEvents) throws StartupException {
        requireSignaturesInProduction(settings);
        BackgroundOpening<StateStore> storeOpening = BackgroundOpening.begin("store", () -> openStore(settings));
        List<RSAPrivateCrtKey> privateKeys;
        RSAPublicKey publicKey;
        CryptoProviders.Choice provider;
        PluginCatalog plugins;
        try {
            privateKeys = privateKeys(settings);
            publicKey = PublicKeys.of(privateKeys.getFirst());
            try {
                provider = CryptoProviders.choose(settings.crypto().provider());
            } catch (IllegalStateException e) {
                throw new StartupException(e.getMessage(), e);
            }
            try {
                plugins = new PluginCatalog(PluginDirectory.load(settings.directories().plugins()));
            } catch (PluginLoadException e) {
                throw new StartupException(e.getMessage(), e);
            }
        } catch (StartupException | RuntimeException e) {
            storeOpening.abandon();
            throw e;
        }
        var json = new JacksonJsonCodec();
        List<FlowJsonLoader.FlowJsonText> flowJsonTexts;
        FlowJsonLoader.Loaded flowJsons;
        try {
            // A Flow JSON is the team's own file and may be large: the webhook's generous limits, not the payload's.
            flowJsons = FlowJsonLoader.load(plugins.plugins(), settings.flowJson(),
                    new JacksonJsonCodec(JacksonJsonCodec.Limits.WEBHOOK_DELIVERIES));
            flowJsonTexts = settings.playground().enabled() ? FlowJsonLoader.texts(plugins.plugins(), settings.flowJson())
                    : List.of();
        } catch (StartupException | RuntimeException e) {
            plugins.close();
            storeOpening.abandon();
            throw e;
        }
        StateStore store;
        try {
            store = storeOpening.await();
        } catch (StartupException | RuntimeException e) {
            plugins.close();
            throw e;
        }
        var envelopes = new FlowEnvelopeCipher(privateKeys, provider.provider());
        var cipher = new BoundedEnvelopeCipher(envelopes, settings.crypto().workers(), settings.crypto().queueCapacity());
        List<FlowId> served = plugins.plugins().stream().map(plugin -> new FlowId(plugin.flowId())).toList();
        // One registry per server, not Micrometer's global one: tests run several servers in one JVM.
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var telemetry = new MicrometerTelemetry(registry, served.stream().map(FlowId::value).toList());
        JourneyEvents journeyObservers = JourneyEvents.both(telemetry, journeyEvents);
        AnswerValidation answers = flowJsons.answers().reportingTo(telemetry);
        var pluginCalls = new PluginCalls(settings.requests().maxConcurrentPluginCalls(), telemetry);
        var signatures = new HubSignatureVerifier(settings.security().appSecrets());
        var media = settings.media();
        var downloader = new HttpMediaDownloader(media.allowedHosts(), media.insecureHosts(), media.timeout());
        var mediaCipher = new WhatsAppMediaCipher(provider.provider());
        var mediaService = new MediaService(downloader, mediaCipher, new FilesystemMediaStore(media.directory()),
                media.directory().resolve(".tmp"), mediaLimits(media), telemetry);
        mediaService.sweepTemporaryFiles();
        var traffic = new FlowTraffic(served, clock);
        warnAboutUnservedMappings(settings.metaFlowIds(), served);
        var metaAlerts = new MetaAlertService(store, settings.metaFlowIds().byFlowId(), plugins, pluginCalls,
                telemetry, clock);
        settings.metaFlowIds().byFlowId().values().forEach(metaFlowId -> store.latest(metaFlowId).forEach(telemetry::knownState));
        var flowHealth = new FlowHealthService(served, traffic, metaAlerts);
        ServeFlowEndpoint endpoint = new FlowEndpointService(plugins, signatures, cipher, json,
                new FlowRequestService(plugins, store, settings.tokens(), clock, signatures, json, pluginCalls,
                        mediaService, answers, settings.abandonment().abandonAfter(), journeyObservers, telemetry),
                traffic, telemetry);
        String instance = instanceId();
        // Meta's webhook bodies are signed and may batch many messages: refusing one would lose completions.
        var webhookJson = new JacksonJsonCodec(JacksonJsonCodec.Limits.WEBHOOK_DELIVERIES);
        var webhook = new WebhookService(signatures, settings.security().webhookVerifyToken(), webhookJson, store, clock,
                java.util.Optional.of(metaAlerts), telemetry);
        var deliveries = new CompletionDeliveryService(store, store, plugins, webhookJson, settings.webhookDelivery(),
                clock, instance, telemetry);
        var jobs = new BackgroundJobs(deliveries,
                new PurgeService(store, store, settings.sessions().retention(), clock),
                settings.sessions().purgeInterval(),
                new AbandonmentService(store, plugins, settings.abandonment(), journeyObservers, clock, instance),
                settings.abandonment().scanInterval());

        var requests = settings.requests();
        Map<String, HttpService> management = new LinkedHashMap<>();
        var journeyReports = new JourneyService(store, plugins, flowJsons.screens(),
                settings.abandonment().abandonAfter(), clock);
        if (!settings.security().adminToken().isEmpty()) {
            var tokens = new AdminRoutes(new TokenService(plugins, store, settings.tokens(), clock), json,
                    settings.security().adminToken(), new BodyReader(AdminRoutes.MAX_BODY, requests.readTimeout()));
            var completions = new CompletionAdminRoutes(new CompletionAdminService(store, clock), json,
                    settings.security().adminToken());
            var journeys = new JourneyAdminRoutes(journeyReports, json, settings.security().adminToken());
            var health = new FlowHealthRoutes(flowHealth, json, settings.security().adminToken());
            var sends = new FlowSendRoutes(new FlowSendService(new TokenService(plugins, store, settings.tokens(), clock),
                    store, new MetaConnection(settings.meta()).messages(), new FlowSendService.Config(
                            settings.meta().phoneNumberIds().stream().findFirst(), settings.metaFlowIds().byFlow(),
                            settings.meta().configured()), clock), json, settings.security().adminToken(),
                    new BodyReader(AdminRoutes.MAX_BODY, requests.readTimeout()));
            management.put("/api", rules -> {
                tokens.routing(rules);
                completions.routing(rules);
                journeys.routing(rules);
                health.routing(rules);
                sends.routing(rules);
            });
        }
        if (settings.playground().enabled()) {
            management.put("/playground", playground(settings, flowJsonTexts, publicKey, downloader, mediaCipher, flowJsons.answers(), json,
                    new TokenService(plugins, store, settings.tokens(), clock),
                    new CompletionAdminService(store, clock), webhook, jobs,
                    playgroundMedia -> new FlowEndpointService(plugins, signatures, cipher, json,
                            new FlowRequestService(plugins, store, settings.tokens(), clock, signatures, json,
                                    pluginCalls, playgroundMedia, flowJsons.answers(),
                                    settings.abandonment().abandonAfter(), journeyEvents))));
        }
        management.put("/status", new StatusPageRoutes(flowHealth, flow -> statusFunnel(journeyReports, flow), json, clock));
        ServerGauges.register(registry, new ServerGauges.Sources(cipher::queued, settings.crypto().queueCapacity(),
                served.size(), store::oldestPending, clock, envelopes.rsaCost()::operations,
                envelopes.rsaCost()::cpuNanos));
        management.put("/observe/metrics", new MetricsRoutes(registry));
        var health = FlowgateHealth.feature(FlowgateWebServer.MANAGEMENT, new FlowgateHealth.Probes(
                () -> store.find(READINESS_PROBE_TOKEN, Deadline.in(Duration.ofSeconds(1))), store.describe(),
                privateKeys.size(), settings.keys().production(), served.stream().map(FlowId::value).toList(),
                cipher::queued, settings.crypto().queueCapacity()));
        var routes = new FlowgateWebServer.Routes(
                new FlowEndpointRoutes(endpoint, new BodyReader(requests.maxBodyBytes(), requests.readTimeout()),
                        requests.deadline()),
                new WebhookRoutes(webhook, new BodyReader(FlowgateWebServer.WEBHOOK_MAX_BODY, requests.readTimeout()),
                        jobs::deliverSoon),
                management, List.of(health));
        var listeners = settings.listeners();
        FlowgateWebServer webServer;
        try {
            webServer = FlowgateWebServer.start(new FlowgateWebServer.Settings(settings.helidonServer(),
                    listeners.publicListener(), listeners.management(), requests.readTimeout(),
                    listeners.shutdownGrace(), settings.connectionLimits(), settings.listenerCheckInterval()), routes,
                    onListenerDied);
        } catch (FlowgateWebServer.ListenerException e) {
            jobs.close();
            pluginCalls.close();
            cipher.close();
            store.close();
            plugins.close();
            throw new StartupException(e.getMessage(), e);
        }
        var server = new FlowgateServer(webServer, plugins, pluginCalls, cipher, store, jobs, publicKey);
        logStartup(server, provider, settings);
        StartupKeyCheck.start(settings, PublicKeys.toPem(publicKey));
        return server;
    }

    /**
     * The playground's routes. Its data endpoint is a second FlowEndpointService over the same plugins, store and
     * cipher, differing only in its media downloader, which also admits the local CDN's own URLs: the public
     * listener's service never does, so a forged request from the internet cannot make the server fetch from the
     * management port.
     */
    private static HttpService playground(FlowgateSettings settings, List<FlowJsonLoader.FlowJsonText> flowJsonTexts,
                                          RSAPublicKey publicKey, HttpMediaDownloader downloader,
                                          WhatsAppMediaCipher mediaCipher,
                                          AnswerValidation answers, JacksonJsonCodec json, TokenService tokens,
                                          CompletionAdminService completions, WebhookService webhook,
                                          BackgroundJobs jobs,
                                          java.util.function.Function<MediaService, ServeFlowEndpoint> endpointWith) {
        var media = settings.media();
        var requests = settings.requests();
        String managementHost = settings.listeners().management().host();
        // Listening on every address includes loopback, and loopback is where the server reaches itself.
        boolean wildcard = managementHost.isEmpty() || managementHost.equals("0.0.0.0") || managementHost.equals("::");
        var cdn = new LocalCdn(wildcard ? "127.0.0.1" : managementHost, 64, 4 * (media.maxBytes()
                + MediaService.MAX_ENCRYPTION_OVERHEAD));
        Path tempDir = media.directory().resolve(".tmp");
        var localCdnDownloader = new HttpMediaDownloader(List.of(cdn.host()), List.of(cdn.host()), media.timeout());
        var playgroundMedia = new MediaService(new PlaygroundMediaDownloader(cdn, localCdnDownloader, downloader),
                mediaCipher, new FilesystemMediaStore(media.directory()), tempDir, mediaLimits(media));
        var signer = new HubSignatureSigner(settings.security().appSecrets().stream().findFirst());
        AnswerCheck check = (flowId, action, screen, token, answer) -> answers.verdict(new FlowId(flowId),
                        wireAction(action), screen, token, answer)
                .map(verdict -> verdict.findings().stream().map(finding -> new AnswerCheck.StepFinding(
                        finding.code().name(), finding.severity().name(), finding.path(), finding.message())).toList());
        List<PlaygroundFlow> flows = flowJsonTexts.stream()
                .map(text -> new PlaygroundFlow(text.flowId(), text.source(), text.text())).toList();
        var ports = new PlaygroundRoutes.Ports(flows, tokens, check, completions, PublicKeys.toPem(publicKey), cdn, json,
                media.maxBytes() + MediaService.MAX_ENCRYPTION_OVERHEAD);
        return new PlaygroundRoutes(ports,
                new FlowEndpointRoutes(new SignedEndpoint(endpointWith.apply(playgroundMedia), signer),
                        new BodyReader(requests.maxBodyBytes(), requests.readTimeout()), requests.deadline()),
                new WebhookRoutes(new SignedWebhook(webhook, signer),
                        new BodyReader(FlowgateWebServer.WEBHOOK_MAX_BODY, requests.readTimeout()), jobs::deliverSoon));
    }

    private static FlowAction wireAction(String action) {
        for (FlowAction candidate : FlowAction.values()) {
            if (candidate.wireName().equals(action)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("\"action\" is \"" + action + "\": expected INIT, BACK or data_exchange");
    }

    /** A mapping for a flow no plugin serves is most likely a typo: its alerts would reach no flow. */
    private static void warnAboutUnservedMappings(MetaFlowIds metaFlowIds, List<FlowId> served) {
        metaFlowIds.byFlow().keySet().stream().sorted()
                .filter(flow -> served.stream().noneMatch(id -> id.value().equals(flow)))
                .forEach(flow -> LOG.log(Level.WARNING, "flowgate.flows.{0}.meta-flow-id is set, but no plugin serves"
                        + " flow {0} (served: {1}); Meta alerts for it are stored but reach no flow", flow,
                        served.stream().map(FlowId::value).toList()));
    }

    /** The /status page's funnel of a flow: the sessions started over the last 24 hours, screen by screen. */
    private static java.util.Optional<Map<String, Object>> statusFunnel(JourneyService journeys, FlowId flow) {
        try {
            var funnel = journeys.funnel(flow.value(), java.time.Duration.ofHours(24));
            List<Map<String, Object>> screens = funnel.screens().stream()
                    .map(screen -> Map.<String, Object>of("screen", screen.screen(), "reached", screen.reached(),
                            "abandoned", screen.abandoned()))
                    .toList();
            return java.util.Optional.of(Map.of("started", funnel.started(), "completed", funnel.completed(),
                    "abandoned", funnel.abandoned(), "screens", screens));
        } catch (io.flowgate.core.port.in.UnknownFlowException e) {
            return java.util.Optional.empty();
        }
    }

    /** 0 temporary bytes means: room for every concurrent download's plaintext at full size. */
    private static MediaService.Limits mediaLimits(FlowgateSettings.Media media) {
        long perDownload = media.maxBytes() + MediaService.MAX_ENCRYPTION_OVERHEAD;
        long tempBytes = media.maxTempBytes() > 0 ? media.maxTempBytes() : perDownload * media.maxConcurrentDownloads();
        return new MediaService.Limits(media.maxBytes(), media.maxConcurrentDownloads(), tempBytes);
    }

    /**
     * A configured key means production. Meta signs every data-endpoint request and webhook delivery; without
     * the app secret to check them, anyone who knows the public key can send forged requests.
     */
    private static void requireSignaturesInProduction(FlowgateSettings settings) throws StartupException {
        if (!settings.keys().production() || !settings.security().appSecrets().isEmpty()) {
            return;
        }
        if (!settings.security().allowUnsigned()) {
            throw new StartupException("a private key is configured (production), but no app secret: set "
                    + Setting.APP_SECRET.key() + " (" + Setting.APP_SECRET.environmentVariable() + "), "
                    + Setting.APP_SECRET_FILE.key() + " or " + Setting.APP_SECRETS.key() + " to your Meta app's"
                    + " secret, so that forged requests are refused; or, knowingly, "
                    + Setting.ALLOW_UNSIGNED.key() + ": true", null);
        }
        LOG.log(Level.WARNING, "{0} is true: requests and webhook deliveries are accepted WITHOUT checking their"
                + " signature; anyone who knows the public key can forge them", Setting.ALLOW_UNSIGNED.key());
    }

    /** The storage adapter named by flowgate.storage.type, found with ServiceLoader on the server's class path. */
    private static StateStore openStore(FlowgateSettings settings) throws StartupException {
        List<StorageAdapter> adapters = ServiceLoader.load(StorageAdapter.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        String type = settings.storage().type();
        StorageAdapter adapter = adapters.stream().filter(a -> a.type().equals(type)).findFirst()
                .orElseThrow(() -> new StartupException("flowgate.storage.type is \"" + type
                        + "\", but the storage adapters on the class path are "
                        + adapters.stream().map(StorageAdapter::type).sorted().toList(), null));
        try {
            StateStore store = adapter.open(settings.storage().settings(), settings.directories().data());
            LOG.log(Level.INFO, "storage: {0}", store.describe());
            return store;
        } catch (StorageAdapter.StorageException e) {
            throw new StartupException("storage " + type + ": " + e.getMessage(), e); // it names what to check
        } catch (IllegalArgumentException e) {
            throw new StartupException("storage " + type + ": " + e.getMessage()
                    + " (check the flowgate.storage." + type + ".* settings)", e);
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
            var configured = settings.keys();
            if (configured.production()) {
                char[] passphrase = configured.passphrase().isEmpty() ? null : configured.passphrase().toCharArray();
                List<RSAPrivateCrtKey> keys = new ArrayList<>();
                for (var file : configured.privateKeys()) {
                    RSAPrivateCrtKey key = PemPrivateKeyReader.read(file, passphrase);
                    LOG.log(Level.INFO, "private key {0}: public key fingerprint {1}", file,
                            PublicKeys.fingerprint(PublicKeys.of(key)));
                    keys.add(key);
                }
                return List.copyOf(keys);
            }
            var development = DevelopmentKeyStore.loadOrCreate(settings.directories().data());
            String publicPem = PublicKeys.toPem(PublicKeys.of(development.privateKey()));
            LOG.log(Level.WARNING, "\n"
                    + "  ************************************************************************\n"
                    + "  *  DEVELOPMENT MODE: no private key is configured                       *\n"
                    + "  *  (flowgate.keys.private-key). Not for production: the key below is     *\n"
                    + "  *  a development key, and unsigned requests are accepted.               *\n"
                    + "  ************************************************************************\n"
                    + "development key {0}{1}. Upload this public key to Meta for a test number "
                    + "(POST /<PHONE_NUMBER_ID>/whatsapp_business_encryption, field business_public_key):\n{2}",
                    development.privateKeyFile().toAbsolutePath(), development.created() ? ", created just now" : "",
                    publicPem);
            return List.of(development.privateKey());
        } catch (PrivateKeyLoadException e) {
            throw new StartupException(e.getMessage(), e);
        } catch (IOException e) {
            throw new StartupException("the development key could not be created under " + settings.directories().data()
                    .toAbsolutePath() + ": " + e.getMessage() + " (check flowgate.data.dir)", e);
        }
    }

    private static void logStartup(FlowgateServer server, CryptoProviders.Choice provider, FlowgateSettings settings) {
        var security = settings.security();
        LOG.log(Level.INFO, "flow tokens: {0} mode; admin API {1}", settings.tokens().mode().name().toLowerCase(Locale.ROOT),
                security.adminToken().isEmpty() ? "off (set flowgate.admin.token to issue tokens)"
                        : "on at http://" + settings.listeners().management().host() + ":" + server.managementPort() + "/api");
        if (security.appSecrets().isEmpty()) {
            LOG.log(Level.WARNING, "flowgate.app-secret is not set: data-endpoint requests and webhook deliveries are"
                    + " accepted without checking their X-Hub-Signature-256");
        } else {
            LOG.log(Level.INFO, "X-Hub-Signature-256 checked with {0} app secret(s)", security.appSecrets().size());
        }
        for (LoadedPlugin plugin : server.plugins.plugins()) {
            LOG.log(Level.INFO, "plugin {0}: flow \"{1}\" at POST /flows/{1}", plugin.source(), plugin.flowId());
        }
        LOG.log(Level.INFO, "public key fingerprint {0} (the newest key; upload it to Meta)",
                PublicKeys.fingerprint(server.publicKey));
        LOG.log(Level.INFO, "crypto provider: {0}; {1} decryption workers; request deadline {2} ms",
                provider.description(), settings.crypto().workers(), settings.requests().deadline().toMillis());
        LOG.log(Level.INFO, "management listener on http://{0}:{1,number,#} (admin API; never expose it publicly)",
                settings.listeners().management().host(), server.managementPort());
        if (settings.playground().enabled()) {
            LOG.log(Level.INFO, "playground on http://{0}:{1,number,#}/playground (try your flows in the browser; {2})",
                    browsable(settings.listeners().management().host()), server.managementPort(),
                    settings.keys().production() ? Setting.PLAYGROUND_ENABLED.key() + " is true"
                            : "on in development mode; " + Setting.PLAYGROUND_ENABLED.key() + ": false turns it off");
        }
        LOG.log(Level.INFO, "Flowgate listening on http://{0}:{1,number,#} (public: POST /flows/'{'flowId'}', /webhook)",
                settings.listeners().publicListener().host(), server.port());
    }

    /** An address a browser on this machine can open: a wildcard listener is reached on loopback. */
    private static String browsable(String host) {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1"
                : host.contains(":") ? "[" + host + "]" : host;
    }

    /** The public listener's port. */
    public int port() {
        return webServer.publicPort();
    }

    public int managementPort() {
        return webServer.managementPort();
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    public List<LoadedPlugin> plugins() {
        return plugins.plugins();
    }

    @Override
    public void close() {
        // Called by the SIGTERM handler and by a failing listener's path alike: the second call does nothing.
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        webServer.close();
        pluginCalls.close();
        jobs.close();
        cipher.close();
        store.close();
        plugins.close();
        LOG.log(Level.INFO, "stopped: plugin calls, background jobs, decryption workers, the store and the plugins closed");
    }

    /** Startup failed for a reason the operator can fix; the message says how. */
    public static final class StartupException extends Exception {
        public StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
