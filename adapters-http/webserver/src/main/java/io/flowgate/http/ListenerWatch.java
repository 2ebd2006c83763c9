package io.flowgate.http;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Notices a listener that stopped accepting connections while the server was not being closed, and says so
 * to whoever decides what happens next (the app exits non-zero, so that a supervisor restarts it).
 *
 * <p>Why: when {@code accept} fails (for one, when the process is out of file descriptors), Helidon 4.5 logs
 * it and closes that listener's server socket for good, while the server as a whole reports itself running
 * and the process stays up, answering nothing. Helidon's own lifecycle does not tell: its listener thread
 * then waits for itself to finish, so the routing's {@code afterStop} never runs. What does tell is the
 * port: while a listener is alive nothing else can bind its address, so a check binds it every interval,
 * which costs no connection, no request and no log line while all is well.
 */
final class ListenerWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ListenerWatch.class.getName());

    private final Map<String, FlowgateWebServer.Address> listeners;
    private final Predicate<FlowgateWebServer.Address> listening;
    private final Consumer<String> onListenerDied;
    private final ScheduledExecutorService checks;
    private volatile boolean closed;

    /**
     * @param listeners      each listener's name and bound address (its real port, not 0)
     * @param onListenerDied told the name of the first listener found dead, once, on the checking thread
     */
    static ListenerWatch start(Map<String, FlowgateWebServer.Address> listeners, Duration interval,
                               Consumer<String> onListenerDied) {
        var watch = new ListenerWatch(listeners, ListenerWatch::listening, onListenerDied);
        watch.checks.scheduleWithFixedDelay(watch::check, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return watch;
    }

    ListenerWatch(Map<String, FlowgateWebServer.Address> listeners, Predicate<FlowgateWebServer.Address> listening,
                  Consumer<String> onListenerDied) {
        this.listeners = new LinkedHashMap<>(listeners);
        this.listening = Objects.requireNonNull(listening, "listening");
        this.onListenerDied = Objects.requireNonNull(onListenerDied, "onListenerDied");
        this.checks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "flowgate-listener-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One round: reports the first listener whose address is free, then stops watching. */
    void check() {
        for (var listener : listeners.entrySet()) {
            if (closed) {
                return;
            }
            if (!listening.test(listener.getValue())) {
                closed = true;
                checks.shutdown();
                LOG.log(Level.ERROR, "the {0} listener ({1}) stopped accepting connections (the reason is logged"
                        + " before this line, often: too many open files); Flowgate stops so that it can be"
                        + " restarted", listener.getKey(), listener.getValue());
                onListenerDied.accept(listener.getKey());
                return;
            }
        }
    }

    /** Stops watching, waiting for a check in progress: the server is being closed on purpose. */
    @Override
    public void close() {
        closed = true;
        checks.shutdown();
        try {
            checks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether something listens on {@code address}: then it cannot be bound. */
    static boolean listening(FlowgateWebServer.Address address) {
        try (var probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address.host(), address.port()));
            return false;
        } catch (IOException | IllegalArgumentException e) {
            return true;
        }
    }
}
