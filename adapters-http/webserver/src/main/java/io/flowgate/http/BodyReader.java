package io.flowgate.http;

import io.flowgate.core.domain.Deadline;
import io.helidon.webserver.http.ServerRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Reads a request body with a size cap and a deadline.
 *
 * <p>Why a deadline of our own: the web server applies no read timeout to a body that trickles in (a client
 * that sends its headers and then stalls keeps its connection and its thread for ever). Helidon reads through
 * an NIO channel on the request's virtual thread, and interrupting a thread blocked in a channel read closes
 * the channel; so a watchdog interrupts the reading thread when the deadline passes, which drops the stalled
 * connection and nothing else.
 */
public final class BodyReader {

    private static final int CHUNK = 16 * 1024;
    private static final DeadlineWatchdog<Guard> READS = new DeadlineWatchdog<>("flowgate-read-deadline", Guard::fire);

    private final long maxBytes;
    private final Duration deadline;

    public BodyReader(long maxBytes, Duration deadline) {
        this.maxBytes = maxBytes;
        this.deadline = deadline;
    }

    /** The body is larger than allowed; of it, at most the cap and one read buffer were read. */
    static final class TooLargeException extends Exception {
        TooLargeException(long maxBytes) {
            super("The request body is larger than " + maxBytes + " bytes.");
        }
    }

    /** The client did not send its body within the deadline; its connection is closed. */
    static final class StalledException extends Exception {
        StalledException(Duration deadline) {
            super("the client did not send its body within " + deadline.toMillis()
                    + " ms (flowgate.http.read-timeout, or what was left of flowgate.request.deadline)");
        }
    }

    long maxBytes() {
        return maxBytes;
    }

    byte[] read(ServerRequest request) throws TooLargeException, StalledException {
        return read(request, deadline);
    }

    /** Reads within the read timeout or what is left of the request's deadline, whichever ends first. */
    byte[] read(ServerRequest request, Deadline requestDeadline) throws TooLargeException, StalledException {
        Duration left = requestDeadline.remaining();
        return read(request, left.compareTo(deadline) < 0 ? left : deadline);
    }

    private byte[] read(ServerRequest request, Duration deadline) throws TooLargeException, StalledException {
        // Refused on the declared length, before a byte of the body is read.
        if (request.headers().contentLength().orElse(0) > maxBytes) {
            throw new TooLargeException(maxBytes);
        }
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        var guard = new Guard(Thread.currentThread());
        READS.start(guard, deadline);
        byte[] body;
        try {
            body = readAtMostMax(request);
        } catch (TooLargeException | RuntimeException e) {
            if (guard.finish()) {
                throw new StalledException(deadline);
            }
            throw e;
        } finally {
            READS.end(guard);
        }
        if (guard.finish()) {
            throw new StalledException(deadline);
        }
        return body;
    }

    /**
     * Reads the body as it streams in and stops at the first read that goes past the cap, so a chunked body
     * (which declares no length) costs at most the cap and one read buffer, not the server's whole payload limit.
     * When the body is too large the stream is left as it is: Helidon skips the rest (up to the listener's
     * maxPayloadSize) before it reads the connection's next request, so none of it is taken for one.
     */
    private byte[] readAtMostMax(ServerRequest request) throws TooLargeException {
        InputStream in = request.content().inputStream();
        long declared = request.headers().contentLength().orElse(-1);
        if (declared >= 0) {
            return readDeclared(in, Math.toIntExact(declared)); // at most maxBytes, checked before the read began
        }
        var body = new ByteArrayOutputStream((int) Math.min(maxBytes, CHUNK));
        byte[] chunk = new byte[CHUNK];
        try {
            int read;
            while ((read = in.read(chunk)) != -1) {
                if (body.size() + (long) read > maxBytes) {
                    throw new TooLargeException(maxBytes);
                }
                body.write(chunk, 0, read);
            }
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.toByteArray();
    }

    /**
     * A body of declared length (every request Meta sends) is read straight into an array of that size: no
     * 16 KiB read buffer, no growing buffer and no final copy per request. Helidon ends the stream at the
     * declared length, so a body cannot be longer than it said.
     */
    private static byte[] readDeclared(InputStream in, int length) {
        try {
            byte[] body = in.readNBytes(length);
            in.close();
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets the watchdog interrupt the reader only while it is still reading, never afterwards. */
    private static final class Guard {
        private final Thread reader;
        private boolean reading = true;
        private boolean fired;

        Guard(Thread reader) {
            this.reader = reader;
        }

        synchronized void fire() {
            if (reading) {
                fired = true;
                reader.interrupt();
            }
        }

        /** Ends the read; returns whether the deadline fired, clearing the interrupt it caused. */
        synchronized boolean finish() {
            reading = false;
            if (fired) {
                Thread.interrupted();
            }
            return fired;
        }
    }
}
