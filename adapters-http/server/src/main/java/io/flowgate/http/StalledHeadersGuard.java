package io.flowgate.http;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes connections whose headers do not arrive within the read timeout after their request line
 * (slowloris).
 *
 * <p>Helidon 4.5 applies no read timeout while it parses a request's headers. This listener is told when a
 * request line has been parsed (which starts a deadline) and when the headers have (which ends it); one
 * watchdog thread closes the socket of every request whose deadline passed. A request line that itself
 * trickles in is left to the server's idle-connection timeout.
 */
public final class StalledHeadersGuard implements Http1ConnectionListener {

    private static final long TICK_MILLIS = 200;

    private final long timeoutNanos;
    private final Map<HelidonSocket, Long> headsInProgress = new ConcurrentHashMap<>();
    /** Connections whose head was parsed and whose response is not out yet; weak, so closed ones vanish. */
    private final Set<HelidonSocket> inRequest = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    public StalledHeadersGuard(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        Thread watchdog = new Thread(this::watch, "flowgate-header-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    public void prologue(ConnectionContext context, HttpPrologue prologue) {
        HelidonSocket socket = context.serverSocket();
        if (!inRequest.contains(socket)) {
            headsInProgress.putIfAbsent(socket, System.nanoTime() + timeoutNanos);
        }
    }

    @Override
    public void headers(ConnectionContext context, Headers headers) {
        HelidonSocket socket = context.serverSocket();
        inRequest.add(socket);
        headsInProgress.remove(socket);
    }

    @Override
    public void status(ConnectionContext context, Status status) {
        inRequest.remove(context.serverSocket());
    }

    /** Requests whose head is still arriving; for tests. */
    int watched() {
        return headsInProgress.size();
    }

    private void watch() {
        while (true) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            headsInProgress.forEach((socket, deadline) -> {
                if (now - deadline > 0 && headsInProgress.remove(socket, deadline)) {
                    socket.close();
                }
            });
        }
    }
}
