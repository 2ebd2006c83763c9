package io.flowgate.core.domain;

import org.junit.jupiter.api.Test;

import java.lang.System.Logger.Level;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class LogLimiterTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final RecordingLogger log = new RecordingLogger(Level.INFO);
    private final LogLimiter limiter = new LogLimiter(log, 3, Duration.ofSeconds(10), clock::get);

    @Test
    void theFirstLinesOfAKindPassAndTheRestAreCountedInOneSummaryLine() {
        for (int i = 0; i < 1_000; i++) {
            limiter.log(Level.WARNING, "status=503", "req={0} status=503", i);
        }
        assertThat(log.lines).containsExactly("req=0 status=503", "req=1 status=503", "req=2 status=503");

        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        limiter.log(Level.WARNING, "status=503", "req={0} status=503", "next");

        assertThat(log.lines).hasSize(5);
        assertThat(log.lines.get(3)).isEqualTo("status=503: 997 more suppressed (at most 3 lines of a kind per PT10S)");
        assertThat(log.lines.get(4)).isEqualTo("req=next status=503");
    }

    @Test
    void kindsAreCountedApart() {
        for (int i = 0; i < 5; i++) {
            limiter.log(Level.WARNING, "a", "a{0}", i);
            limiter.log(Level.WARNING, "b", "b{0}", i);
        }
        assertThat(log.lines).containsExactly("a0", "b0", "a1", "b1", "a2", "b2");
    }

    @Test
    void aQuietIntervalStartsAgainWithoutASummary() {
        limiter.log(Level.WARNING, "a", "first");
        clock.addAndGet(Duration.ofSeconds(9).toNanos());
        limiter.log(Level.WARNING, "a", "second, same interval");
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        limiter.log(Level.WARNING, "a", "third, next interval");
        assertThat(log.lines).containsExactly("first", "second, same interval", "third, next interval");
    }

    @Test
    void linesBelowTheLoggersLevelAreNeitherLoggedNorCounted() {
        for (int i = 0; i < 10; i++) {
            limiter.log(Level.DEBUG, "a", "debug {0}", i);
        }
        limiter.log(Level.WARNING, "a", "warning");
        assertThat(log.lines).containsExactly("warning");
    }

    @Test
    void clientChosenKindsCannotGrowTheTableWithoutBound() {
        for (int i = 0; i < LogLimiter.MAX_KINDS + 100; i++) {
            limiter.log(Level.WARNING, "kind-" + i, "line {0}", i);
        }
        // 256 kinds of their own, then one shared kind that lets its first three through.
        assertThat(log.lines).hasSize(LogLimiter.MAX_KINDS + 3);
    }

    /** Keeps formatted lines; enough of System.Logger for the limiter. */
    static final class RecordingLogger implements System.Logger {
        final List<String> lines = new ArrayList<>();
        private final Level threshold;

        RecordingLogger(Level threshold) {
            this.threshold = threshold;
        }

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= threshold.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(params == null || params.length == 0 ? format : MessageFormat.format(format, params));
        }

        @Override
        public void log(Level level, Supplier<String> supplier) {
            lines.add(supplier.get());
        }
    }
}
