package io.flowgate.http;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.time.Duration;

/**
 * Closes connections whose headers do not arrive within the read timeout after their request line
 * (slowloris), on every request of a keep-alive connection, and tells {@link FirstRequestDeadline} that a
 * connection's first request line has arrived.
 *
 * <p>Helidon 4.5 applies no read timeout while it parses a request's headers. This listener is told when a
 * request line has been parsed (which starts a deadline) and when the headers have (which ends it); one
 * watchdog thread closes the socket of every request whose deadline passed.
 *
 * <p>Register it as a receive listener only: as a send listener it would also hear the response's headers,
 * which are not the end of a request's head. (It once was both, and a keep-alive connection's second request
 * could then trickle its headers for ever.)
 */
final class StalledHeadersGuard implements Http1ConnectionListener {

    private final Duration timeout;
    private final FirstRequestDeadline firstRequests;
    /** One thread for every listener and server in the process. */
    private static final DeadlineWatchdog<HelidonSocket> HEADS_IN_PROGRESS =
            new DeadlineWatchdog<>("flowgate-header-deadline", HelidonSocket::close);

    StalledHeadersGuard(Duration timeout, FirstRequestDeadline firstRequests) {
        this.timeout = timeout;
        this.firstRequests = firstRequests;
    }

    @Override
    public void prologue(ConnectionContext context, HttpPrologue prologue) {
        HelidonSocket socket = context.serverSocket();
        firstRequests.arrived(socket.remotePeer().address());
        HEADS_IN_PROGRESS.start(socket, timeout);
    }

    @Override
    public void headers(ConnectionContext context, Headers headers) {
        HEADS_IN_PROGRESS.end(context.serverSocket());
    }
}
