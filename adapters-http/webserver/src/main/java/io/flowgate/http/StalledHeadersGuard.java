package io.flowgate.http;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Closes connections whose headers do not arrive within the read timeout after their request line
 * (slowloris).
 *
 * <p>Helidon 4.5 applies no read timeout while it parses a request's headers. This listener is told when a
 * request line has been parsed (which starts a deadline) and when the headers have (which ends it); one
 * watchdog thread closes the socket of every request whose deadline passed. A request line that itself
 * trickles in is left to the server's idle-connection timeout.
 */
public final class StalledHeadersGuard implements Http1ConnectionListener, AutoCloseable {

    private final Duration timeout;
    private final DeadlineWatchdog<HelidonSocket> headsInProgress =
            new DeadlineWatchdog<>("flowgate-header-deadline", HelidonSocket::close);
    /** Connections whose head was parsed and whose response is not out yet; weak, so closed ones vanish. */
    private final Set<HelidonSocket> inRequest = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    public StalledHeadersGuard(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void prologue(ConnectionContext context, HttpPrologue prologue) {
        HelidonSocket socket = context.serverSocket();
        if (!inRequest.contains(socket)) {
            headsInProgress.start(socket, timeout);
        }
    }

    @Override
    public void headers(ConnectionContext context, Headers headers) {
        HelidonSocket socket = context.serverSocket();
        inRequest.add(socket);
        headsInProgress.end(socket);
    }

    @Override
    public void status(ConnectionContext context, Status status) {
        inRequest.remove(context.serverSocket());
    }

    /** Stops the watchdog thread; called once the server has stopped. */
    @Override
    public void close() {
        headsInProgress.close();
    }

}
