package io.flowgate.server;

import io.flowgate.core.port.in.ServeFlowEndpoint;
import io.flowgate.core.service.FlowEndpointService;
import io.flowgate.core.service.FlowRequestService;
import io.flowgate.crypto.BoundedEnvelopeCipher;
import io.flowgate.crypto.CryptoProviders;
import io.flowgate.crypto.DevelopmentKeyStore;
import io.flowgate.crypto.FlowEnvelopeCipher;
import io.flowgate.crypto.PemPrivateKeyReader;
import io.flowgate.crypto.PrivateKeyLoadException;
import io.flowgate.crypto.PublicKeys;
import io.flowgate.http.FlowEndpointRoutes;
import io.flowgate.http.json.JacksonJsonCodec;
import io.flowgate.server.plugins.LoadedPlugin;
import io.flowgate.server.plugins.PluginCatalog;
import io.flowgate.server.plugins.PluginDirectory;
import io.flowgate.server.plugins.PluginLoadException;
import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/**
 * The composition root: the only place that names concrete adapters. Loads the key and the plugins, wires
 * core to them, and starts the web server.
 */
public final class FlowgateServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FlowgateServer.class.getName());

    private final WebServer webServer;
    private final PluginCatalog plugins;
    private final BoundedEnvelopeCipher cipher;
    private final RSAPublicKey publicKey;

    private FlowgateServer(WebServer webServer, PluginCatalog plugins, BoundedEnvelopeCipher cipher,
                           RSAPublicKey publicKey) {
        this.webServer = webServer;
        this.plugins = plugins;
        this.cipher = cipher;
        this.publicKey = publicKey;
    }

    /** Starts a server; every configuration problem is a {@link StartupException} that says what to fix. */
    public static FlowgateServer start(FlowgateSettings settings) throws StartupException {
        RSAPrivateCrtKey privateKey = privateKey(settings);
        RSAPublicKey publicKey = PublicKeys.of(privateKey);
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
        var cipher = new BoundedEnvelopeCipher(new FlowEnvelopeCipher(List.of(privateKey), provider.provider()),
                settings.cryptoWorkers(), settings.cryptoQueueCapacity());
        ServeFlowEndpoint endpoint = new FlowEndpointService(plugins, cipher, new JacksonJsonCodec(),
                new FlowRequestService(plugins));

        WebServer webServer;
        try {
            webServer = WebServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .maxPayloadSize(settings.maxBodyBytes())
                    .shutdownHook(false)
                    .routing(routing -> routing.register("/flows", new FlowEndpointRoutes(endpoint)))
                    .build()
                    .start();
        } catch (RuntimeException e) {
            cipher.close();
            plugins.close();
            throw new StartupException("the web server could not start on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        var server = new FlowgateServer(webServer, plugins, cipher, publicKey);
        logStartup(server, provider, settings);
        return server;
    }

    private static RSAPrivateCrtKey privateKey(FlowgateSettings settings) throws StartupException {
        try {
            if (settings.privateKey().isPresent()) {
                char[] passphrase = settings.passphrase().isEmpty() ? null : settings.passphrase().toCharArray();
                return PemPrivateKeyReader.read(settings.privateKey().get(), passphrase);
            }
            var development = DevelopmentKeyStore.loadOrCreate(settings.dataDir());
            String publicPem = PublicKeys.toPem(PublicKeys.of(development.privateKey()));
            LOG.log(Level.WARNING, "no private key configured (flowgate.keys.private-key): using the development key "
                    + "{0}{1}. Production must configure its own key. Upload this public key to Meta for your phone "
                    + "number (POST /<PHONE_NUMBER_ID>/whatsapp_business_encryption, field business_public_key):\n{2}",
                    development.privateKeyFile().toAbsolutePath(), development.created() ? ", created just now" : "",
                    publicPem);
            return development.privateKey();
        } catch (PrivateKeyLoadException e) {
            throw new StartupException(e.getMessage(), e);
        } catch (IOException e) {
            throw new StartupException("the development key could not be created under " + settings.dataDir()
                    .toAbsolutePath() + ": " + e.getMessage() + " (check flowgate.data.dir)", e);
        }
    }

    private static void logStartup(FlowgateServer server, CryptoProviders.Choice provider, FlowgateSettings settings) {
        for (LoadedPlugin plugin : server.plugins.plugins()) {
            LOG.log(Level.INFO, "plugin {0}: flow \"{1}\" at POST /flows/{1}", plugin.source(), plugin.flowId());
        }
        LOG.log(Level.INFO, "public key fingerprint {0}", PublicKeys.fingerprint(server.publicKey));
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
        cipher.close();
        plugins.close();
    }

    /** Startup failed for a reason the operator can fix; the message says how. */
    public static final class StartupException extends Exception {
        public StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
