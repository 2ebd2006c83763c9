package io.flowgate.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Notices a listener that stopped while the server was not being closed, and says so to whoever decides what
 * happens next (the app exits non-zero, so that a supervisor restarts it).
 *
 * <p>Why: when {@code accept} fails (for one, when the process is out of file descriptors), Helidon logs it
 * and closes that listener for good, while the server as a whole reports itself running and the process
 * stays up, answering nothing. Helidon stops the routing of a listener it closes; a lifecycle-only service in
 * each listener's routing hears that.
 */
final class ListenerWatch {

    private static final System.Logger LOG = System.getLogger(ListenerWatch.class.getName());

    private final Consumer<String> onListenerDied;
    private volatile boolean closing;

    /** @param onListenerDied told the listener's name, on a thread of its own (Helidon's is still stopping) */
    ListenerWatch(Consumer<String> onListenerDied) {
        this.onListenerDied = Objects.requireNonNull(onListenerDied, "onListenerDied");
    }

    /** A service with no routes, to register on the listener named {@code listener}. */
    HttpService watching(String listener) {
        return new HttpService() {
            @Override
            public void routing(HttpRules rules) {
                // No routes: it is there for afterStop only.
            }

            @Override
            public void afterStop() {
                stopped(listener);
            }
        };
    }

    /** The server is being closed on purpose: listeners that stop from now on are not failures. */
    void closing() {
        closing = true;
    }

    private void stopped(String listener) {
        if (closing) {
            return;
        }
        LOG.log(Level.ERROR, "the {0} listener stopped accepting connections (the reason is logged just before"
                + " this line, often: too many open files); Flowgate stops so that it can be restarted", listener);
        Thread.ofPlatform().name("flowgate-listener-died").start(() -> onListenerDied.accept(listener));
    }
}
