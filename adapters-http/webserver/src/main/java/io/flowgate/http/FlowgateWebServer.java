package io.flowgate.http;

import io.helidon.common.socket.SocketOptions;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.spi.ServerFeature;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The two listeners. The public one is what Meta reaches over the internet and serves exactly
 * {@code POST /flows/{flowId}} and {@code GET|POST /webhook}; everything else there is 404, so nothing that
 * issues tokens or shows state can be reached from the internet by a misconfigured proxy. The management
 * listener (admin API, and later observability and the playground) binds to loopback by default.
 */
public final class FlowgateWebServer implements AutoCloseable {

    /** The name Helidon knows the management listener by (a feature bound to it names it). */
    public static final String MANAGEMENT = "management";
    /** Keep-alive connections without traffic close after this (Helidon's default is five minutes). */
    private static final Duration IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(60);
    /** Meta's webhook payloads are at most 3 MB; the data endpoint enforces its own, smaller, limit. */
    public static final long WEBHOOK_MAX_BODY = 4L * 1024 * 1024;
    /**
     * The admin API reads at most 64 KiB of a body (AdminRoutes); Helidon skips the rest of a refused body
     * before the connection's next request, and this bounds how much it skips.
     */
    static final long MANAGEMENT_MAX_PAYLOAD = 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(FlowgateWebServer.class.getName());

    private final WebServer server;
    private final ListenerWatch watch;
    private final InFlightRequests inFlight;
    private final Duration shutdownGrace;

    private FlowgateWebServer(WebServer server, ListenerWatch watch, InFlightRequests inFlight, Duration shutdownGrace) {
        this.server = server;
        this.watch = watch;
        this.inFlight = inFlight;
        this.shutdownGrace = shutdownGrace;
    }

    /**
     * @param helidonServer  Helidon's own {@code server} settings (TLS, limits), applied to the public listener
     * @param publicListener where Meta connects
     * @param management     where operators connect
     * @param readTimeout    how long a client may take to send its first request line after connecting, and
     *                       each request's headers after its request line
     * @param shutdownGrace  how long requests in flight may take to finish when the server stops
     * @param limits         connections and requests each listener takes at once
     * @param listenerCheckInterval how often to check that both listeners still accept connections
     *                       ({@link #DEFAULT_LISTENER_CHECK_INTERVAL})
     */
    public record Settings(Config helidonServer, Address publicListener, Address management, Duration readTimeout,
                           Duration shutdownGrace, Limits limits, Duration listenerCheckInterval) {
        public Settings {
            Objects.requireNonNull(helidonServer, "helidonServer");
            Objects.requireNonNull(limits, "limits");
            if (listenerCheckInterval.isNegative() || listenerCheckInterval.isZero()) {
                throw new IllegalArgumentException("the listener check interval must be positive");
            }
        }
    }

    /** Five seconds: a dead listener is noticed well before a health check or Meta's retries give up. */
    public static final Duration DEFAULT_LISTENER_CHECK_INTERVAL = Duration.ofSeconds(5);

    /**
     * How much each listener takes at once.
     *
     * @param publicConnections     open connections on the public listener; further clients wait in the
     *                              kernel's backlog until one closes
     * @param managementConnections open connections on the management listener
     * @param concurrentRequests    requests the public listener handles at once; beyond them Helidon answers 503
     */
    public record Limits(int publicConnections, int managementConnections, int concurrentRequests) {
        /**
         * 10,000 public connections: an idle connection costs a file descriptor and a virtual thread, and about
         * 20,000 of them exhausted the descriptors of a measured process, after which the listener died;
         * 10,000 keeps half of that for storage, plugins and the CDN, and is still far more than Meta opens.
         */
        public static final int DEFAULT_PUBLIC_CONNECTIONS = 10_000;
        /** 100: the management listener serves a business's own backend and its operators, not the internet. */
        public static final int DEFAULT_MANAGEMENT_CONNECTIONS = 100;
        /**
         * 500 requests at once: measured peak throughput (4,710 requests/s at a few ms each) needs well under
         * 100 in flight, so 500 is headroom for slow plugins; and each request may hold its body (up to 1 MiB,
         * 4 MiB for the webhook), so 500 bounds what bodies can take to a few hundred MiB of heap.
         */
        public static final int DEFAULT_CONCURRENT_REQUESTS = 500;
        public static final Limits DEFAULTS = new Limits(DEFAULT_PUBLIC_CONNECTIONS, DEFAULT_MANAGEMENT_CONNECTIONS,
                DEFAULT_CONCURRENT_REQUESTS);

        public Limits {
            if (publicConnections < 1 || managementConnections < 1 || concurrentRequests < 1) {
                throw new IllegalArgumentException("connection and request limits must be at least 1, not "
                        + publicConnections + ", " + managementConnections + ", " + concurrentRequests);
            }
        }
    }

    public record Address(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * What each listener serves: the public routes are fixed, the management services are keyed by path.
     *
     * @param features Helidon server features (the health observer); each must bind itself to
     *                 {@link #MANAGEMENT} only, never to the public listener
     */
    public record Routes(FlowEndpointRoutes endpoint, WebhookRoutes webhook, Map<String, HttpService> management,
                         List<ServerFeature> features) {
        public Routes {
            management = Map.copyOf(new LinkedHashMap<>(management));
            features = List.copyOf(features);
        }

        public Routes(FlowEndpointRoutes endpoint, WebhookRoutes webhook, Map<String, HttpService> management) {
            this(endpoint, webhook, management, List.of());
        }
    }

    /**
     * Starts both listeners.
     *
     * @param onListenerDied told the name of a listener that stopped accepting connections while the server was
     *                       not being closed (the app exits non-zero); called once, on the thread that checks
     *                       the listeners
     * @throws ListenerException when a listener could not bind (the port is taken, the address is not local)
     */
    public static FlowgateWebServer start(Settings settings, Routes routes, Consumer<String> onListenerDied)
            throws ListenerException {
        var inFlight = new InFlightRequests();
        var limits = settings.limits();
        Duration readTimeout = settings.readTimeout();
        WebServerConfig.Builder builder = WebServer.builder().config(settings.helidonServer());
        var publicFirstRequests = new FirstRequestDeadline(
                builder.connectionOptions().orElseGet(SocketOptions::create), readTimeout, "public");
        builder.host(settings.publicListener().host())
                .port(settings.publicListener().port())
                .maxPayloadSize(WEBHOOK_MAX_BODY)
                .maxTcpConnections(limits.publicConnections())
                .maxConcurrentRequests(limits.concurrentRequests())
                .shutdownHook(false)
                .shutdownGracePeriod(settings.shutdownGrace())
                .connectionOptions(publicFirstRequests)
                .addProtocol(slowClientGuard(readTimeout, publicFirstRequests))
                // A later request line that trickles in counts as idle traffic: bounded here, not by the guard.
                .idleConnectionTimeout(IDLE_CONNECTION_TIMEOUT)
                .idleConnectionPeriod(Duration.ofSeconds(10))
                .routing(routing -> ErrorMapping.register(routing)
                        .addFilter(inFlight)
                        .register("/flows", routes.endpoint())
                        .register("/webhook", routes.webhook()))
                .putSocket(MANAGEMENT, socket -> {
                    var firstRequests = new FirstRequestDeadline(
                            socket.connectionOptions().orElseGet(SocketOptions::create), readTimeout, MANAGEMENT);
                    socket.host(settings.management().host())
                            .port(settings.management().port())
                            .maxTcpConnections(limits.managementConnections())
                            .maxPayloadSize(MANAGEMENT_MAX_PAYLOAD)
                            .shutdownGracePeriod(settings.shutdownGrace())
                            .connectionOptions(firstRequests)
                            .addProtocol(slowClientGuard(readTimeout, firstRequests))
                            .idleConnectionTimeout(IDLE_CONNECTION_TIMEOUT)
                            .idleConnectionPeriod(Duration.ofSeconds(10))
                            .routing(routing -> {
                                ErrorMapping.register(routing).addFilter(inFlight);
                                routes.management().forEach(routing::register);
                            });
                });
        routes.features().forEach(builder::addFeature);
        WebServer server;
        try {
            server = builder.build().start();
        } catch (RuntimeException e) {
            throw new ListenerException("the web server could not start: " + e.getMessage(), e);
        }
        // Helidon logs a listener that failed to bind and gives up on the others, without an exception; a
        // server without its listeners must not pass for a running one.
        if (server.port(WebServer.DEFAULT_SOCKET_NAME) < 0 || server.port(MANAGEMENT) < 0) {
            server.stop();
            throw unbound(settings);
        }
        var bound = new LinkedHashMap<String, Address>();
        bound.put("public", new Address(settings.publicListener().host(), server.port()));
        bound.put(MANAGEMENT, new Address(settings.management().host(), server.port(MANAGEMENT)));
        var watch = ListenerWatch.start(bound, settings.listenerCheckInterval(), onListenerDied);
        return new FlowgateWebServer(server, watch, inFlight, settings.shutdownGrace());
    }

    /** Names the listener that could not bind: the one whose address cannot be bound now. */
    private static ListenerException unbound(Settings settings) {
        String name = "public listener";
        String setting = "server.port";
        Address address = settings.publicListener();
        if (!ListenerWatch.listening(settings.publicListener()) && ListenerWatch.listening(settings.management())) {
            name = "management listener";
            setting = "flowgate.management.port";
            address = settings.management();
        }
        return new ListenerException("the " + name + " could not listen on " + address + ": the port is in use or"
                + " the address is not on this machine (set " + setting + ", or 0 for any free port)", null);
    }

    /** Receive side only: see {@link StalledHeadersGuard} for why not the send side too. */
    private static Http1Config slowClientGuard(Duration readTimeout, FirstRequestDeadline firstRequests) {
        return Http1Config.builder().addReceiveListener(new StalledHeadersGuard(readTimeout, firstRequests)).build();
    }

    public int publicPort() {
        return server.port();
    }

    public int managementPort() {
        return server.port(MANAGEMENT);
    }

    public boolean running() {
        return server.isRunning();
    }

    /**
     * Stops accepting, lets the requests in flight finish within the shutdown grace period, then closes.
     * Helidon 4.5 does the draining (it closes the listening sockets, lets each connection finish the request
     * it is handling, and waits up to {@code shutdownGracePeriod} for them; GracefulShutdownTest checks it);
     * this adds the counts to the log.
     */
    @Override
    public void close() {
        if (!server.isRunning()) {
            watch.close();
            return;
        }
        int draining = inFlight.count();
        long started = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, "shutting down: no new connections; draining {0} request(s) in flight"
                + " (flowgate.shutdown.grace {1})", draining, shutdownGrace);
        watch.close();
        server.stop();
        int cutOff = inFlight.count();
        LOG.log(cutOff == 0 ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "drained: {0} answered, {1} cut off at the grace period, in {2} ms", Math.max(0, draining - cutOff),
                cutOff, (System.nanoTime() - started) / 1_000_000);
    }

    /** A listener did not start; the message names it, the address and the setting to change. */
    public static final class ListenerException extends Exception {
        public ListenerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
