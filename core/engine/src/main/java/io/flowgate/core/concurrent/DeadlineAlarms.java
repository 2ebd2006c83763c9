package io.flowgate.core.concurrent;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Deadlines of waits that must not outlive them, kept by one platform thread, so that whoever waits can wait
 * without a timeout. A timed wait on a virtual thread sets and cancels a timer in the JDK's scheduler every
 * time; measured on the request path, each such timer cost about 1-3 % of a request's CPU (docs/benchmarks.md),
 * where setting and cancelling an alarm here is one add to and one remove from a concurrent set.
 *
 * <p>The thread looks at the alarms every {@code tick} while any is set and parks while none is; an alarm
 * therefore rings up to one tick late. {@link #close()} rings every alarm still set, so that nobody waits for
 * ever on something that will never finish.
 */
public final class DeadlineAlarms implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DeadlineAlarms.class.getName());

    private final Set<Alarm> set = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final long tickNanos;
    private final Thread keeper;
    private volatile boolean closed;

    /**
     * @param threadName names the keeper thread in thread dumps
     * @param tick       how late an alarm may ring: far below any deadline it keeps, and rare enough to cost
     *                   nothing while requests wait
     */
    public DeadlineAlarms(String threadName, Duration tick) {
        Objects.requireNonNull(threadName, "threadName");
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("the tick must be positive");
        }
        this.tickNanos = tick.toNanos();
        this.keeper = Thread.ofPlatform().daemon().name(threadName).start(this::keep);
    }

    /** One alarm; {@link #cancel()} it once the wait it guards is over. */
    public final class Alarm {
        private final long ringsAtNanos;
        private final Runnable onRing;
        private final AtomicBoolean done = new AtomicBoolean();

        private Alarm(long ringsAtNanos, Runnable onRing) {
            this.ringsAtNanos = ringsAtNanos;
            this.onRing = onRing;
        }

        /** Stops the alarm; returns false when it had rung (or was cancelled) already. */
        public boolean cancel() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            forget(this);
            return true;
        }

        private void ring() {
            if (done.compareAndSet(false, true)) {
                forget(this);
                try {
                    onRing.run();
                } catch (RuntimeException e) {
                    // One failing alarm must not end the thread every other deadline needs.
                    LOG.log(System.Logger.Level.WARNING, "an alarm failed when it rang: " + e);
                }
            }
        }
    }

    /**
     * Sets an alarm that runs {@code onRing} on the keeper thread once {@link System#nanoTime()} reaches
     * {@code ringsAtNanos}, unless it is cancelled first. {@code onRing} must be short and must not block: it
     * is meant to cancel or fail what somebody waits for. Set after {@link #close()}, it rings at once, on the
     * caller's thread.
     */
    public Alarm set(long ringsAtNanos, Runnable onRing) {
        var alarm = new Alarm(ringsAtNanos, Objects.requireNonNull(onRing, "onRing"));
        set.add(alarm);
        if (count.getAndIncrement() == 0) {
            LockSupport.unpark(keeper);
        }
        if (closed) {
            alarm.ring();
        }
        return alarm;
    }

    /** Alarms set and neither rung nor cancelled. */
    public int pending() {
        return count.get();
    }

    private void forget(Alarm alarm) {
        if (set.remove(alarm)) {
            count.decrementAndGet();
        }
    }

    private void keep() {
        while (!closed) {
            long now = System.nanoTime();
            for (Alarm alarm : set) {
                if (now - alarm.ringsAtNanos >= 0) {
                    alarm.ring();
                }
            }
            if (count.get() == 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, tickNanos);
            }
        }
    }

    /** Rings every alarm still set, now, and ends the keeper thread. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(keeper);
        for (Alarm alarm : set) {
            alarm.ring();
        }
    }
}
