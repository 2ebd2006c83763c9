package io.flowgate.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WhatsApp's CDN for the media benchmark: an HTTP/1.1 server on loopback that answers every GET with one file,
 * sent with {@link FileChannel#transferTo} (sendfile: the kernel hands the file's pages to the socket without
 * copying them through this process). A real CDN is across a network and costs the server's machine nothing;
 * played here, it shares the two cores with what is measured, so it is played as cheaply as the kernel allows,
 * and its threads' CPU time is counted so that the benchmark can report the server's own cost per byte.
 */
final class LoopbackCdn implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Path file;
    private final ServerSocketChannel listener;
    private final Set<Thread> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong endedThreadsCpuNanos = new AtomicLong();
    private final Thread acceptor;

    LoopbackCdn(Path file) throws IOException {
        this.file = file;
        this.listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        this.acceptor = Thread.ofPlatform().daemon().name("cdn-accept").start(this::accept);
    }

    int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /** CPU time the CDN's connection threads used so far (platform threads: the JVM measures those). */
    long cpuNanos() {
        long live = 0;
        for (Thread thread : connections) {
            live += Math.max(0, THREADS.getThreadCpuTime(thread.threadId()));
        }
        return endedThreadsCpuNanos.get() + live;
    }

    private void accept() {
        while (listener.isOpen()) {
            try {
                SocketChannel connection = listener.accept();
                Thread.ofPlatform().daemon().name("cdn-connection").start(() -> serve(connection));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Answers requests on one kept-alive connection until the client closes it. */
    private void serve(SocketChannel connection) {
        connections.add(Thread.currentThread());
        try (connection; FileChannel body = FileChannel.open(file)) {
            var requests = new BufferedReader(new InputStreamReader(Channels.newInputStream(connection), StandardCharsets.US_ASCII));
            long size = body.size();
            while (readRequestHead(requests)) {
                connection.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + size
                        + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
                for (long sent = 0; sent < size; ) {
                    sent += body.transferTo(sent, size - sent, connection);
                }
            }
        } catch (IOException e) {
            // the client went away mid-answer: nothing to do for a benchmark's CDN
        } finally {
            endedThreadsCpuNanos.addAndGet(Math.max(0, THREADS.getCurrentThreadCpuTime()));
            connections.remove(Thread.currentThread());
        }
    }

    /** Reads a request line and its headers (a GET has no body); false once the client closed the connection. */
    private static boolean readRequestHead(BufferedReader requests) throws IOException {
        String line = requests.readLine();
        if (line == null) {
            return false;
        }
        while (line != null && !line.isEmpty()) {
            line = requests.readLine();
        }
        return line != null;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        acceptor.interrupt();
    }
}
