package io.flowgate.core.domain;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Lets the first lines of each kind through per interval and counts the rest; the first line of a kind in a
 * later interval is preceded by one summary line "kind: N more suppressed". Why: under a flood (thousands of
 * 503s a second) a line per failure wrote 32 MB of log in 20 s, which costs disk and CPU exactly when there
 * is none to spare, and buries every other line.
 *
 * <p>A kind must come from a small fixed set (a status, a reason); beyond {@value #MAX_KINDS} kinds all
 * further ones share one, so a client cannot grow the table by choosing values.
 */
public final class LogLimiter {

    /** Lines of one kind logged per interval before the rest are counted instead. */
    public static final int DEFAULT_LINES_PER_INTERVAL = 20;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    static final int MAX_KINDS = 256;
    static final String OTHER_KINDS = "(other kinds)";

    private final Logger log;
    private final int linesPerInterval;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests */
    public LogLimiter(Logger log, int linesPerInterval, Duration interval, LongSupplier nanoTime) {
        if (linesPerInterval < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a log limit needs at least one line per positive interval");
        }
        this.log = Objects.requireNonNull(log, "log");
        this.linesPerInterval = linesPerInterval;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** The defaults on the system clock. */
    public static LogLimiter forLogger(Logger log) {
        return new LogLimiter(log, DEFAULT_LINES_PER_INTERVAL, DEFAULT_INTERVAL, System::nanoTime);
    }

    /** Logs {@code format} (a {@link MessageFormat} pattern) with {@code arguments}, unless too many of its kind did. */
    public void log(Level level, String kind, String format, Object... arguments) {
        if (!log.isLoggable(level)) {
            return;
        }
        Window window = window(kind);
        long suppressed;
        synchronized (window) {
            long now = nanoTime.getAsLong();
            suppressed = window.roll(now, intervalNanos);
            if (window.admitted >= linesPerInterval) {
                window.suppressed++;
                return;
            }
            window.admitted++;
        }
        if (suppressed > 0) {
            log.log(level, "{0}: {1} more suppressed (at most {2} lines of a kind per {3})", window.kind, suppressed,
                    linesPerInterval, Duration.ofNanos(intervalNanos));
        }
        log.log(level, format, arguments);
    }

    private Window window(String kind) {
        Window existing = windows.get(kind);
        if (existing != null) {
            return existing;
        }
        String key = windows.size() >= MAX_KINDS ? OTHER_KINDS : kind;
        return windows.computeIfAbsent(key, Window::new);
    }

    /** One kind's count in its current interval; guarded by its own monitor. */
    private static final class Window {
        private final String kind;
        private boolean started;
        private long start;
        private int admitted;
        private long suppressed;

        Window(String kind) {
            this.kind = kind;
        }

        /** Starts a new interval when the current one is over; returns how many lines the last one suppressed. */
        long roll(long now, long intervalNanos) {
            if (started && now - start < intervalNanos) {
                return 0;
            }
            long previous = suppressed;
            started = true;
            start = now;
            admitted = 0;
            suppressed = 0;
            return previous;
        }
    }
}
