package io.flowgate.crypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The CPU time the RSA private operations took, on the threads that ran them. Every request costs one, and it is
 * the floor the rest of a request is measured against: taken here, at the same moment as the server's own CPU
 * time, the share is not moved by the machine's speed drifting (by 30 % within minutes on a shared host, where an
 * {@code openssl speed} run before and after the load measures other minutes). Reading a thread's CPU clock costs
 * well under a microsecond, beside the operation's hundreds.
 */
public final class RsaCost {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LongAdder cpuNanos = new LongAdder();
    private final LongAdder operations = new LongAdder();
    private final boolean measurable = THREADS.isCurrentThreadCpuTimeSupported();

    /** The current thread's CPU time now, to pass to {@link #add}; -1 where the JVM cannot tell. */
    long start() {
        return measurable ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** Counts one operation, begun on this thread at {@code started} (from {@link #start}). */
    void add(long started) {
        operations.increment();
        if (started >= 0) {
            cpuNanos.add(THREADS.getCurrentThreadCpuTime() - started);
        }
    }

    /** RSA private operations so far, successful or not. */
    public long operations() {
        return operations.sum();
    }

    /** Their CPU time so far, in nanoseconds; 0 where the JVM cannot measure a thread's CPU time. */
    public long cpuNanos() {
        return cpuNanos.sum();
    }
}
