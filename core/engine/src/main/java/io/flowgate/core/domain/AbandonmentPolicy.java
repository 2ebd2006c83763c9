package io.flowgate.core.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * When a session counts as abandoned, and how its plugin's {@code onAbandoned} is called.
 *
 * @param abandonAfter    a session not completed with no step for this long is abandoned at its current screen
 *                        (default {@code PT1H})
 * @param scanInterval    how often each instance looks for newly abandoned sessions (default {@code PT1M})
 * @param maxAttempts     calls of the hook before the claim is kept as failed (default 5)
 * @param timeout         how long one call may take; then it is interrupted and counts as failed (default PT10S)
 * @param firstRetryDelay the wait after the first failed call; it doubles after each further one, up to an hour
 */
public record AbandonmentPolicy(Duration abandonAfter, Duration scanInterval, int maxAttempts, Duration timeout,
                                Duration firstRetryDelay) {

    public static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);
    /** Claims per scan and calls in flight per instance. */
    public static final int BATCH = 4;

    public AbandonmentPolicy {
        positive(abandonAfter, "flowgate.sessions.abandon-after");
        positive(scanInterval, "flowgate.sessions.abandon-scan-interval");
        positive(timeout, "flowgate.sessions.abandon-hook.timeout");
        Objects.requireNonNull(firstRetryDelay, "firstRetryDelay");
        if (firstRetryDelay.isNegative()) {
            throw new IllegalArgumentException("flowgate.sessions.abandon-hook.first-retry-delay must not be negative");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("flowgate.sessions.abandon-hook.max-attempts must be at least 1, not "
                    + maxAttempts);
        }
    }

    public static AbandonmentPolicy defaults() {
        return new AbandonmentPolicy(Duration.ofHours(1), Duration.ofMinutes(1), 5, Duration.ofSeconds(10),
                Duration.ofMinutes(1));
    }

    /** Only the abandon-after time differs from the defaults (for the step logic and tests). */
    public static AbandonmentPolicy abandonAfter(Duration abandonAfter) {
        var defaults = defaults();
        return new AbandonmentPolicy(abandonAfter, defaults.scanInterval(), defaults.maxAttempts(), defaults.timeout(),
                defaults.firstRetryDelay());
    }

    /** A claim is leased for the call's timeout plus a margin for reading and recording around it. */
    public Duration lease() {
        return timeout.plus(Duration.ofMinutes(1));
    }

    /** The wait after failed attempt {@code attempt} (from 1): first, 2 x first, ..., at most an hour. */
    public Duration retryDelayAfter(int attempt) {
        Duration delay = firstRetryDelay;
        for (int doubling = 1; doubling < attempt && delay.compareTo(MAX_RETRY_DELAY) < 0; doubling++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }

    private static void positive(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, not " + value);
        }
    }
}
