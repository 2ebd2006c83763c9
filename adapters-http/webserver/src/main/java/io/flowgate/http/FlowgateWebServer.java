package io.flowgate.http;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http1.Http1Config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The two listeners. The public one is what Meta reaches over the internet and serves exactly
 * {@code POST /flows/{flowId}} and {@code GET|POST /webhook}; everything else there is 404, so nothing that
 * issues tokens or shows state can be reached from the internet by a misconfigured proxy. The management
 * listener (admin API, and later observability and the playground) binds to loopback by default.
 */
public final class FlowgateWebServer implements AutoCloseable {

    /** The name Helidon knows the management listener by. */
    static final String MANAGEMENT = "management";
    /** Keep-alive connections without traffic close after this (Helidon's default is five minutes). */
    private static final Duration IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(60);
    /** Meta's webhook payloads are at most 3 MB; the data endpoint enforces its own, smaller, limit. */
    public static final long WEBHOOK_MAX_BODY = 4L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(FlowgateWebServer.class.getName());

    private final WebServer server;
    private final InFlightRequests inFlight;
    private final StalledHeadersGuard guard;
    private final Duration shutdownGrace;

    private FlowgateWebServer(WebServer server, InFlightRequests inFlight, StalledHeadersGuard guard,
                              Duration shutdownGrace) {
        this.server = server;
        this.inFlight = inFlight;
        this.guard = guard;
        this.shutdownGrace = shutdownGrace;
    }

    /**
     * @param helidonServer  Helidon's own {@code server} settings (TLS, limits), applied to the public listener
     * @param publicListener where Meta connects
     * @param management     where operators connect
     * @param readTimeout    how long a client may take to send its request headers
     * @param shutdownGrace  how long requests in flight may take to finish when the server stops
     */
    public record Settings(Config helidonServer, Address publicListener, Address management, Duration readTimeout,
                           Duration shutdownGrace) {
        public Settings {
            Objects.requireNonNull(helidonServer, "helidonServer");
        }
    }

    public record Address(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** What each listener serves: the public routes are fixed, the management services are keyed by path. */
    public record Routes(FlowEndpointRoutes endpoint, WebhookRoutes webhook, Map<String, HttpService> management) {
        public Routes {
            management = Map.copyOf(new LinkedHashMap<>(management));
        }
    }

    /**
     * Starts both listeners.
     *
     * @throws ListenerException when a listener could not bind (the port is taken, the address is not local)
     */
    public static FlowgateWebServer start(Settings settings, Routes routes) throws ListenerException {
        var inFlight = new InFlightRequests();
        var guard = new StalledHeadersGuard(settings.readTimeout());
        WebServerConfig.Builder builder = WebServer.builder()
                .config(settings.helidonServer())
                .host(settings.publicListener().host())
                .port(settings.publicListener().port())
                .maxPayloadSize(WEBHOOK_MAX_BODY)
                .shutdownHook(false)
                .shutdownGracePeriod(settings.shutdownGrace())
                .addProtocol(slowClientGuard(guard))
                // A request line that trickles in counts as idle traffic: bounded here, not by the guard.
                .idleConnectionTimeout(IDLE_CONNECTION_TIMEOUT)
                .idleConnectionPeriod(Duration.ofSeconds(10))
                .routing(routing -> ErrorMapping.register(routing)
                        .addFilter(inFlight)
                        .register("/flows", routes.endpoint())
                        .register("/webhook", routes.webhook()))
                .putSocket(MANAGEMENT, socket -> socket
                        .host(settings.management().host())
                        .port(settings.management().port())
                        .shutdownGracePeriod(settings.shutdownGrace())
                        .idleConnectionTimeout(IDLE_CONNECTION_TIMEOUT)
                        .idleConnectionPeriod(Duration.ofSeconds(10))
                        .routing(routing -> {
                            ErrorMapping.register(routing).addFilter(inFlight);
                            routes.management().forEach(routing::register);
                        }));
        WebServer server;
        try {
            server = builder.build().start();
        } catch (RuntimeException e) {
            guard.close();
            throw new ListenerException("the web server could not start: " + e.getMessage(), e);
        }
        // Helidon logs a listener that failed to bind and gives up on the others, without an exception; a
        // server without its listeners must not pass for a running one.
        if (server.port(WebServer.DEFAULT_SOCKET_NAME) < 0 || server.port(MANAGEMENT) < 0) {
            server.stop();
            guard.close();
            throw unbound(settings);
        }
        return new FlowgateWebServer(server, inFlight, guard, settings.shutdownGrace());
    }

    /** Names the listener that could not bind: the one whose address cannot be bound now. */
    private static ListenerException unbound(Settings settings) {
        String name = "public listener";
        String setting = "server.port";
        Address address = settings.publicListener();
        if (bindable(settings.publicListener()) && !bindable(settings.management())) {
            name = "management listener";
            setting = "flowgate.management.port";
            address = settings.management();
        }
        return new ListenerException("the " + name + " could not listen on " + address + ": the port is in use or"
                + " the address is not on this machine (set " + setting + ", or 0 for any free port)", null);
    }

    private static boolean bindable(Address address) {
        try (var socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress(address.host(), address.port()));
            return true;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** One guard watches both directions: received heads start and end deadlines, sent statuses end requests. */
    private static Http1Config slowClientGuard(StalledHeadersGuard guard) {
        return Http1Config.builder().addReceiveListener(guard).addSendListener(guard).build();
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
            return;
        }
        int draining = inFlight.count();
        long started = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, "shutting down: no new connections; draining {0} request(s) in flight"
                + " (flowgate.shutdown.grace {1})", draining, shutdownGrace);
        server.stop();
        guard.close();
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
