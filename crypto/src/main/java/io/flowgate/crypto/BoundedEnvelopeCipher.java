package io.flowgate.crypto;

import io.flowgate.core.concurrent.DeadlineAlarms;
import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.EncryptedEnvelope;
import io.flowgate.core.port.out.CryptoOverloadedException;
import io.flowgate.core.port.out.EnvelopeCipher;
import io.flowgate.core.port.out.EnvelopeDecryptionException;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the CPU-bound decryption on a fixed pool of platform threads, one per core, fed by a bounded FIFO
 * queue.
 *
 * <p>Why: the web server runs each request on a virtual thread, and virtual threads are never preempted.
 * With the RSA operation inline, a burst of connections makes the carrier threads serve whichever request
 * happens to be scheduled, so some wait for seconds while others pass (measured: p99 70x p50). A FIFO queue
 * in front of exactly as many workers as cores serves requests in arrival order, keeps the tail close to the
 * median, and lets the server refuse work it cannot finish in time instead of timing out every request.
 */
public final class BoundedEnvelopeCipher implements EnvelopeCipher, AutoCloseable {

    /**
     * How late the watchdog may notice a passed deadline: well inside the 2 s between the request deadline (8 s)
     * and Meta's 10 s, and rare enough to cost nothing (at 10 ms its wake-ups were 1 % of the flow's samples).
     */
    static final Duration WATCHDOG_TICK = Duration.ofMillis(50);

    private final EnvelopeCipher delegate;
    private final ThreadPoolExecutor workers;
    /** Cancel the decryptions callers wait for at their deadline. */
    private final DeadlineAlarms deadlines = new DeadlineAlarms("flowgate-crypto-deadlines", WATCHDOG_TICK);

    /**
     * @param workerCount   threads doing RSA and AES; the number of cores is right for a machine that does
     *                      nothing else
     * @param queueCapacity requests allowed to wait; beyond it {@link #open} fails fast with
     *                      {@link CryptoOverloadedException}
     */
    public BoundedEnvelopeCipher(EnvelopeCipher delegate, int workerCount, int queueCapacity) {
        if (workerCount < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("the crypto pool needs at least one worker and one queue slot");
        }
        this.delegate = delegate;
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), new WorkerThreads(), new ThreadPoolExecutor.AbortPolicy());
        this.workers.prestartAllCoreThreads();
    }

    /** Without a deadline the wait is bounded by Meta's 10 s, after which no answer is of any use. */
    @Override
    public OpenedEnvelope open(EncryptedEnvelope envelope) throws EnvelopeDecryptionException, CryptoOverloadedException {
        try {
            return open(envelope, Deadline.in(java.time.Duration.ofSeconds(10)));
        } catch (DeadlineExceededException e) {
            throw new CryptoOverloadedException(e.getMessage());
        }
    }

    /**
     * Waits for a worker at most until the deadline. A request given up on is cancelled in the queue, so the
     * worker that reaches it skips it instead of spending an RSA operation on an answer nobody reads.
     *
     * <p>The wait itself has no timeout: an alarm cancels the decryption when its deadline passes. A timed
     * wait on a virtual thread costs a timer in the JDK's scheduler, set and cancelled per request; that was
     * about 6 % of a signed ping's CPU (docs/benchmarks.md), where the alarms cost a wake-up every
     * {@link #WATCHDOG_TICK} while requests wait.
     */
    @Override
    public OpenedEnvelope open(EncryptedEnvelope envelope, Deadline deadline)
            throws EnvelopeDecryptionException, CryptoOverloadedException, DeadlineExceededException {
        long remaining = deadline.remainingNanos();
        if (remaining <= 0) {
            throw new DeadlineExceededException("before the request reached the decryption queue");
        }
        var decryption = new Decryption(envelope, System.nanoTime() + remaining);
        // Set before it is queued, so that done() always finds the alarm to cancel.
        decryption.alarm = deadlines.set(decryption.expiresAtNanos, () -> decryption.cancel(false));
        try {
            workers.execute(decryption);
        } catch (RejectedExecutionException e) {
            decryption.unwatch();
            throw new CryptoOverloadedException("all " + workers.getQueue().size()
                    + " places in the decryption queue are taken (flowgate.crypto.queue-capacity)");
        }
        try {
            return decryption.get();
        } catch (CancellationException e) {
            throw new DeadlineExceededException("while the request waited for a decryption worker");
        } catch (ExecutionException e) {
            return rethrow(e.getCause());
        } catch (InterruptedException e) {
            decryption.cancel(false);
            closeFinished(decryption);
            Thread.currentThread().interrupt();
            throw new CryptoOverloadedException("interrupted while waiting for decryption");
        }
    }

    private static void closeFinished(Future<OpenedEnvelope> result) {
        if (result.state() == Future.State.SUCCESS) {
            result.resultNow().close();
        }
    }

    /** One request's decryption, queued for a worker; cancels its alarm when it ends. */
    private final class Decryption extends FutureTask<OpenedEnvelope> {
        private final long expiresAtNanos;
        private volatile DeadlineAlarms.Alarm alarm;

        Decryption(EncryptedEnvelope envelope, long expiresAtNanos) {
            super(() -> delegate.open(envelope));
            this.expiresAtNanos = expiresAtNanos;
        }

        /** A worker that reaches a decryption whose deadline passed skips it, whether or not the watchdog has. */
        @Override
        public void run() {
            if (System.nanoTime() - expiresAtNanos >= 0) {
                cancel(false);
                return;
            }
            super.run();
        }

        @Override
        protected void set(OpenedEnvelope opened) {
            super.set(opened);
            if (isCancelled()) {
                opened.close(); // given up on while it ran: nobody will seal it, so wipe its key now
            }
        }

        @Override
        protected void done() {
            unwatch();
        }

        void unwatch() {
            DeadlineAlarms.Alarm set = alarm;
            if (set != null) { // null only when the pool was closed and the alarm rang as it was set
                set.cancel();
            }
        }
    }

    private static OpenedEnvelope rethrow(Throwable cause) throws EnvelopeDecryptionException, CryptoOverloadedException {
        switch (cause) {
            case EnvelopeDecryptionException e -> throw e;
            case CryptoOverloadedException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException("unexpected failure in the crypto pool", cause);
        }
    }

    /** Requests waiting for a worker right now; exposed for metrics. */
    public int queued() {
        return workers.getQueue().size();
    }

    /** Lets queued work finish (none is left once the listeners stopped) and waits for the workers to end. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            // What shutdownNow took out of the queue never runs: its callers, waiting without a timeout, are
            // released here (closing rings every alarm). The alarms keep their deadlines until then.
            deadlines.close();
        }
    }

    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "flowgate-crypto-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
