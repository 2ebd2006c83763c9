package io.flowgate.storage.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy that can stall like a database process stopped with SIGSTOP, without stopping the
 * database the other tests share: {@link #freeze()} stops forwarding bytes in both directions while every
 * connection stays open, and new connections are still accepted (as the kernel accepts them for a stopped
 * process); {@link #thaw()} forwards what was held back, in order, then carries on.
 *
 * <p>What a client sent while frozen reaches the server after the thaw, followed by the client's close if it
 * gave up meanwhile: exactly the case in which an abandoned statement could still commit.
 * {@link #awaitAbandonedConnectionsEnded} waits until the server has closed every connection its client
 * closed, which it does only after it has processed everything that client sent.
 */
public final class FreezableTcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private boolean frozen;
    private volatile boolean cutOff;
    private volatile boolean closed;

    private FreezableTcpProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on 127.0.0.1 on a free port and forwards each connection to {@code targetHost:targetPort}. */
    public static FreezableTcpProxy forwardingTo(String targetHost, int targetPort) throws IOException {
        var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var proxy = new FreezableTcpProxy(listener, new InetSocketAddress(targetHost, targetPort));
        Thread.ofVirtual().name("freezable-proxy-accept").start(proxy::acceptLoop);
        return proxy;
    }

    /** Forwards to the test PostgreSQL ({@link TestPostgres#baseUrl()}'s host and port). */
    public static FreezableTcpProxy forTestPostgres() throws IOException {
        var address = java.net.URI.create(TestPostgres.baseUrl().substring("jdbc:".length()));
        return forwardingTo(address.getHost(), address.getPort() == -1 ? 5432 : address.getPort());
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code url} (a jdbc:postgresql:// URL) with its host and port replaced by this proxy's. */
    public String route(String url) {
        return url.replaceFirst("//[^/]+/", "//127.0.0.1:" + port() + "/");
    }

    public void freeze() {
        synchronized (gate) {
            frozen = true;
        }
    }

    public void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    /**
     * Makes the database unreachable, as when its host is down: every open connection is closed and new ones
     * are closed as soon as they are accepted, until {@link #restore()}.
     */
    public void cutOff() {
        cutOff = true;
        sockets.forEach(FreezableTcpProxy::closeQuietly);
        sockets.clear();
    }

    public void restore() {
        cutOff = false;
    }

    /** Waits until each connection whose client has closed it has been closed by the server too. */
    public void awaitAbandonedConnectionsEnded(java.time.Duration timeout) throws InterruptedException {
        long giveUp = System.nanoTime() + timeout.toNanos();
        synchronized (gate) {
            while (links.stream().anyMatch(link -> link.clientClosed && !link.serverClosed)) {
                long left = giveUp - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the server did not end the connections its clients closed within " + timeout);
                }
                gate.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** One proxied connection: which ends have closed it. */
    private static final class Link {
        boolean clientClosed;
        boolean serverClosed;
    }

    @Override
    public void close() {
        closed = true;
        thaw();
        closeQuietly(listener);
        sockets.forEach(FreezableTcpProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cutOff) {
                closeQuietly(client);
                continue;
            }
            sockets.add(client);
            Thread.ofVirtual().name("freezable-proxy-connect").start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        sockets.add(server);
        try {
            server.connect(target, 5_000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        var link = new Link();
        links.add(link);
        Thread.ofVirtual().name("freezable-proxy-up").start(() -> {
            pump(client, server);
            ended(() -> link.clientClosed = true);
        });
        Thread.ofVirtual().name("freezable-proxy-down").start(() -> {
            pump(server, client);
            ended(() -> link.serverClosed = true);
        });
    }

    private void ended(Runnable mark) {
        synchronized (gate) {
            mark.run();
            gate.notifyAll();
        }
    }

    /** Copies one direction; a chunk read while frozen is held until the thaw, so nothing is lost or reordered. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            // Not closed here: closing a socket's stream closes the socket, and the other direction may still run.
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) != -1) {
                awaitThaw();
                out.write(buffer, 0, read);
                out.flush();
            }
            awaitThaw();
            to.shutdownOutput(); // pass the close on, as the kernel would after delivering the bytes
        } catch (IOException | UncheckedIOException e) {
            closeQuietly(from);
            closeQuietly(to);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitThaw() throws InterruptedException {
        synchronized (gate) {
            while (frozen && !closed) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort in a test fixture
        }
    }
}
