package io.flowgate.crypto;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.EncryptedEnvelope;
import io.flowgate.core.port.out.CryptoOverloadedException;
import io.flowgate.core.port.out.EnvelopeCipher;
import io.flowgate.core.port.out.EnvelopeDecryptionException;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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

    private final EnvelopeCipher delegate;
    private final ThreadPoolExecutor workers;

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
     */
    @Override
    public OpenedEnvelope open(EncryptedEnvelope envelope, Deadline deadline)
            throws EnvelopeDecryptionException, CryptoOverloadedException, DeadlineExceededException {
        var abandoned = new AtomicBoolean();
        Future<OpenedEnvelope> result;
        try {
            result = workers.submit(() -> {
                OpenedEnvelope opened = delegate.open(envelope);
                if (abandoned.get()) {
                    opened.close(); // nobody will seal it: wipe its key now
                }
                return opened;
            });
        } catch (RejectedExecutionException e) {
            throw new CryptoOverloadedException("all " + workers.getQueue().size()
                    + " places in the decryption queue are taken (flowgate.crypto.queue-capacity)");
        }
        try {
            return result.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandoned.set(true);
            if (!result.cancel(true)) {
                closeFinished(result);
            }
            throw new DeadlineExceededException("while the request waited for a decryption worker");
        } catch (ExecutionException e) {
            return rethrow(e.getCause());
        } catch (InterruptedException e) {
            // Flagged before cancelling: a decryption still running sees the flag when it ends, and one that
            // already ended cannot be cancelled and is closed here.
            abandoned.set(true);
            if (!result.cancel(true)) {
                closeFinished(result);
            }
            Thread.currentThread().interrupt();
            throw new CryptoOverloadedException("interrupted while waiting for decryption");
        }
    }

    private static void closeFinished(Future<OpenedEnvelope> result) {
        if (result.state() == Future.State.SUCCESS) {
            result.resultNow().close();
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
