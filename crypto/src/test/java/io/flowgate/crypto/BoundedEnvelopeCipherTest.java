package io.flowgate.crypto;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.EncryptedEnvelope;
import io.flowgate.core.port.out.CryptoOverloadedException;
import io.flowgate.core.port.out.EnvelopeCipher;
import io.flowgate.core.port.out.EnvelopeDecryptionException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedEnvelopeCipherTest {

    private static final EncryptedEnvelope ANY = new EncryptedEnvelope("", "", "");

    @Test
    void refusesAtOnceWhenEveryWorkerAndQueuePlaceIsTaken() throws Exception {
        var release = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        EnvelopeCipher blocking = envelope -> {
            started.countDown();
            await(release);
            throw new EnvelopeDecryptionException("released");
        };
        try (var bounded = new BoundedEnvelopeCipher(blocking, 1, 1);
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            callers.submit(() -> bounded.open(ANY));   // occupies the worker
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            callers.submit(() -> bounded.open(ANY));   // waits in the single queue place
            waitUntil(() -> bounded.queued() == 1);

            assertThatThrownBy(() -> bounded.open(ANY)).isInstanceOf(CryptoOverloadedException.class)
                    .hasMessageContaining("flowgate.crypto.queue-capacity");
            release.countDown();
        }
    }

    @Test
    void aRequestWaitingPastItsDeadlineGivesUpAndItsWorkIsSkipped() throws Exception {
        var release = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        var opened = new java.util.concurrent.atomic.AtomicInteger();
        EnvelopeCipher blocking = envelope -> {
            opened.incrementAndGet();
            started.countDown();
            await(release);
            throw new EnvelopeDecryptionException("released");
        };
        try (var bounded = new BoundedEnvelopeCipher(blocking, 1, 4);
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            callers.submit(() -> bounded.open(ANY));   // occupies the worker
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> bounded.open(ANY, Deadline.in(java.time.Duration.ofMillis(50))))
                    .isInstanceOf(DeadlineExceededException.class)
                    .hasMessage("the request deadline (flowgate.request.deadline) passed while the request waited for"
                            + " a decryption worker");
            release.countDown();
            waitUntil(() -> bounded.queued() == 0);
            assertThat(opened).as("the abandoned request costs no decryption").hasValue(1);
        }
    }

    /** A timed wait would set and cancel a timer in the virtual-thread scheduler per request; the watchdog does. */
    @Test
    void aWaitingCallerParksWithoutATimerAndStillGivesUpAtItsDeadline() throws Exception {
        var release = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        EnvelopeCipher blocking = envelope -> {
            started.countDown();
            await(release);
            throw new EnvelopeDecryptionException("released");
        };
        try (var bounded = new BoundedEnvelopeCipher(blocking, 1, 4)) {
            Thread.ofVirtual().start(() -> {
                try {
                    bounded.open(ANY);
                } catch (Exception ignored) {
                    // the occupying call ends when released
                }
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    bounded.open(ANY, Deadline.in(java.time.Duration.ofMillis(700)));
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            waitUntil(() -> waiter.getState() == Thread.State.WAITING || waiter.getState() == Thread.State.TIMED_WAITING);
            assertThat(waiter.getState()).as("the waiting caller's state").isEqualTo(Thread.State.WAITING);

            waiter.join(5_000);
            assertThat(failure.get()).isInstanceOf(DeadlineExceededException.class);
            release.countDown();
        }
    }

    /** Closing gives queued work 5 s, then drops it; a caller whose work was dropped must not wait for ever. */
    @Test
    void closingReleasesACallerWhoseQueuedWorkNeverRan() throws Exception {
        var started = new CountDownLatch(1);
        EnvelopeCipher stuck = envelope -> {
            started.countDown();
            await(new CountDownLatch(1)); // until interrupted by the shutdown
            throw new EnvelopeDecryptionException("interrupted");
        };
        var bounded = new BoundedEnvelopeCipher(stuck, 1, 4);
        Thread.ofVirtual().start(() -> {
            try {
                bounded.open(ANY);
            } catch (Exception ignored) {
                // the stuck call ends with the shutdown
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread queued = Thread.ofVirtual().start(() -> {
            try {
                bounded.open(ANY, Deadline.in(java.time.Duration.ofSeconds(60)));
            } catch (Exception e) {
                failure.set(e);
            }
        });
        waitUntil(() -> bounded.queued() == 1);

        bounded.close();

        assertThat(queued.join(java.time.Duration.ofSeconds(5))).as("the queued caller returned").isTrue();
        assertThat(failure.get()).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void aDeadlineThatPassedBeforeQueueingCostsNoDecryption() throws Exception {
        var opened = new java.util.concurrent.atomic.AtomicInteger();
        EnvelopeCipher counting = envelope -> {
            opened.incrementAndGet();
            throw new EnvelopeDecryptionException("opened");
        };
        try (var bounded = new BoundedEnvelopeCipher(counting, 1, 4)) {
            assertThatThrownBy(() -> bounded.open(ANY, Deadline.in(java.time.Duration.ofNanos(1))))
                    .isInstanceOf(DeadlineExceededException.class);
            assertThat(opened).hasValue(0);
        }
    }

    @Test
    void passesTheDelegatesDecryptionFailureThrough() {
        EnvelopeCipher failing = envelope -> {
            throw new EnvelopeDecryptionException("initial_vector is 3 bytes, expected 16");
        };
        try (var bounded = new BoundedEnvelopeCipher(failing, 2, 8)) {
            assertThatThrownBy(() -> bounded.open(ANY)).isInstanceOf(EnvelopeDecryptionException.class)
                    .hasMessage("initial_vector is 3 bytes, expected 16");
        }
    }

    @Test
    void runsTheWorkOnTheCryptoWorkers() throws Exception {
        EnvelopeCipher reportsThread = envelope -> {
            throw new EnvelopeDecryptionException(Thread.currentThread().getName());
        };
        try (var bounded = new BoundedEnvelopeCipher(reportsThread, 1, 8)) {
            assertThatThrownBy(() -> bounded.open(ANY)).hasMessageStartingWith("flowgate-crypto-");
        }
    }

    @Test
    void anEnvelopeDecryptedForACallerThatGaveUpIsClosed() throws Exception {
        var release = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        var closed = new CountDownLatch(1);
        EnvelopeCipher slow = envelope -> {
            started.countDown();
            await(release);
            return new EnvelopeCipher.OpenedEnvelope() {
                @Override
                public byte[] plaintext() {
                    return new byte[0];
                }

                @Override
                public String sealResponse(byte[] responsePlaintext) {
                    throw new AssertionError("sealed");
                }

                @Override
                public void close() {
                    closed.countDown();
                }
            };
        };
        try (var bounded = new BoundedEnvelopeCipher(slow, 1, 1)) {
            var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    bounded.open(ANY);
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            caller.interrupt();
            caller.join(5_000);
            release.countDown();

            assertThat(failure.get()).isInstanceOf(CryptoOverloadedException.class).hasMessageContaining("interrupted");
            assertThat(closed.await(5, TimeUnit.SECONDS)).as("the abandoned envelope was closed").isTrue();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
