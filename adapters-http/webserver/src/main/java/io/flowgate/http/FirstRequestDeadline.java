package io.flowgate.http;

import io.flowgate.core.domain.LogLimiter;
import io.helidon.common.socket.SocketOptions;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection whose first request line has not arrived within the read timeout of its accept.
 *
 * <p>Why: Helidon 4.5 puts no deadline on a connection that never sends a byte (0 of 2,000 such connections
 * were closed after 200 s), and enough of them exhaust the process's file descriptors, after which
 * {@code accept} fails and Helidon closes the listener for good. Helidon tells no listener about a connection
 * before its first request line, but it does hand every accepted channel to the listener's socket options;
 * this is those options (Helidon's own, unchanged) plus a deadline per accepted channel, which
 * {@link StalledHeadersGuard} ends when the request line has been parsed. Channels are found again by their
 * remote address, unique among one listener's open connections.
 */
final class FirstRequestDeadline implements SocketOptions {

    private static final System.Logger LOG = System.getLogger(FirstRequestDeadline.class.getName());
    private static final LogLimiter CLOSED = LogLimiter.forLogger(LOG);
    /** One thread for every listener and server in the process: a deadline carries the listener it belongs to. */
    private static final DeadlineWatchdog<Waiting> DEADLINES =
            new DeadlineWatchdog<>("flowgate-first-request-deadline", Waiting::expire);

    private final SocketOptions helidon;
    private final Duration timeout;
    private final String listener;
    private final Map<SocketAddress, Waiting> waiting = new ConcurrentHashMap<>();

    /** An accepted channel whose first request line has not arrived yet. */
    private record Waiting(SocketChannel channel, SocketAddress remote, FirstRequestDeadline listener) {
        void expire() {
            listener.expire(this);
        }
    }

    /**
     * @param helidon  the listener's configured socket options, applied to every accepted channel as before
     * @param listener names the listener in log lines
     */
    FirstRequestDeadline(SocketOptions helidon, Duration timeout, String listener) {
        this.helidon = Objects.requireNonNull(helidon, "helidon");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.listener = listener;
    }

    @Override
    public void configureSocket(SocketChannel channel) {
        helidon.configureSocket(channel);
        try {
            var accepted = new Waiting(channel, channel.getRemoteAddress(), this);
            Waiting earlier = waiting.put(accepted.remote(), accepted);
            if (earlier != null) {
                DEADLINES.end(earlier); // that connection is gone: its address is a new connection's now
            }
            DEADLINES.start(accepted, timeout);
        } catch (IOException e) {
            // Already closed by its client: nothing to watch.
        }
    }

    /** The connection from {@code remote} sent its first request line in time. */
    void arrived(SocketAddress remote) {
        Waiting accepted = waiting.remove(remote);
        if (accepted != null) {
            DEADLINES.end(accepted);
        }
    }

    private void expire(Waiting expired) {
        SocketChannel channel = expired.channel();
        try {
            waiting.remove(expired.remote(), expired);
            if (channel.isOpen()) {
                channel.close();
                CLOSED.log(Level.WARNING, "first-request-" + listener, "{0} listener: closed a connection that sent"
                        + " no request line within {1} ms of connecting (flowgate.http.read-timeout)", listener,
                        timeout.toMillis());
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a silent connection failed", e);
        }
    }

    @Override
    public void configureSocket(Socket socket) {
        helidon.configureSocket(socket);
    }

    @Override
    public Map<SocketOption<?>, Object> socketOptions() {
        return helidon.socketOptions();
    }

    @Override
    public Duration connectTimeout() {
        return helidon.connectTimeout();
    }

    @Override
    public Duration readTimeout() {
        return helidon.readTimeout();
    }

    @Override
    public Optional<Integer> socketReceiveBufferSize() {
        return helidon.socketReceiveBufferSize();
    }

    @Override
    public Optional<Integer> socketSendBufferSize() {
        return helidon.socketSendBufferSize();
    }

    @Override
    public boolean socketReuseAddress() {
        return helidon.socketReuseAddress();
    }

    @Override
    public boolean socketKeepAlive() {
        return helidon.socketKeepAlive();
    }

    @Override
    public boolean tcpNoDelay() {
        return helidon.tcpNoDelay();
    }
}
