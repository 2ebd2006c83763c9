package io.flowgate.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps the root logger's handlers open while the server stops, so that the drain is logged.
 *
 * <p>The JDK's {@code LogManager} closes every handler from a shutdown hook of its own, which runs at the same
 * time as the hook that drains the server. Helidon's guard against that joins its hook's thread, and
 * {@code Thread.join} returns at once when that thread has not been started yet: the JVM starts its hooks one
 * after the other, so on a busy machine the logging hook can close the console before the drain begins, and
 * "shutting down", "drained" and "stopped" are lost (the server still drains; nobody can see it). This handler
 * sits before the others on the root logger; the logging hook closes handlers in order, and this one's
 * {@link #close()} waits until {@link #release()} says the server has stopped, or until a bound.
 */
final class ShutdownLogGuard extends Handler {

    private final CountDownLatch released = new CountDownLatch(1);
    private final Duration longestWait;

    private ShutdownLogGuard(Duration longestWait) {
        this.longestWait = longestWait;
    }

    /**
     * Puts a guard first on the root logger. {@code longestWait} bounds how long a JVM that stops keeps the
     * handlers open for a server that never says it stopped (the shutdown grace and a margin).
     */
    static ShutdownLogGuard install(Duration longestWait) {
        var guard = new ShutdownLogGuard(longestWait);
        Logger root = Logger.getLogger("");
        Handler[] handlers = root.getHandlers();
        for (Handler handler : handlers) {
            root.removeHandler(handler);
        }
        root.addHandler(guard);
        for (Handler handler : handlers) {
            root.addHandler(handler);
        }
        return guard;
    }

    /** The server has stopped: the handlers may close, and this guard leaves the root logger. */
    void release() {
        released.countDown();
        Logger.getLogger("").removeHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        // Holds nothing: the handlers after this one write the record.
    }

    @Override
    public void flush() {
        // Nothing buffered.
    }

    /** Waits for {@link #release()} while the JVM stops; anything else that closes handlers does not wait. */
    @Override
    public void close() {
        if (!jvmIsStopping()) {
            return;
        }
        try {
            released.await(longestWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The runtime refuses new shutdown hooks once it has begun to run them: that is the one public signal. */
    private static boolean jvmIsStopping() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
        } catch (IllegalStateException stopping) {
            return true;
        }
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
    }
}
