package io.flowgate.core.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How stored completion messages are handed to plugins' {@code onCompletion}.
 *
 * @param timeout         how long one {@code onCompletion} call may take; then it is interrupted and counts as a
 *                        failed attempt (default {@code PT10S})
 * @param maxAttempts     attempts before a message is dead-lettered as {@code failed} (default 10)
 * @param concurrency     {@code onCompletion} calls in flight at once per instance, including calls that
 *                        outlived their timeout and ignore the interrupt; while all are taken nothing more is
 *                        claimed (default 4)
 * @param firstRetryDelay the wait after the first failure; it doubles after each further one (default
 *                        {@code PT30S})
 * @param maxRetryDelay   the longest wait between two attempts (default {@code PT1H}); with the defaults the ten
 *                        attempts span about 3.6 hours, enough to ride out a plugin's backend being redeployed
 */
public record WebhookDeliveryPolicy(Duration timeout, int maxAttempts, int concurrency, Duration firstRetryDelay,
                                    Duration maxRetryDelay) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final Duration DEFAULT_FIRST_RETRY_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofHours(1);
    /**
     * How much longer than the timeout a claim is leased: it covers finding the session before the call and
     * recording the outcome after it, on a slow database, so a live instance never loses its claim.
     */
    public static final Duration LEASE_MARGIN = Duration.ofMinutes(1);

    public WebhookDeliveryPolicy {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(firstRetryDelay, "firstRetryDelay");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("flowgate.webhook.delivery.timeout must be positive, not " + timeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("flowgate.webhook.delivery.max-attempts must be at least 1, not " + maxAttempts);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("flowgate.webhook.delivery.concurrency must be at least 1, not " + concurrency);
        }
        if (firstRetryDelay.isNegative() || maxRetryDelay.compareTo(firstRetryDelay) < 0) {
            throw new IllegalArgumentException("the retry delays must satisfy 0 <= first (" + firstRetryDelay
                    + ") <= max (" + maxRetryDelay + ")");
        }
    }

    public static WebhookDeliveryPolicy defaults() {
        return new WebhookDeliveryPolicy(DEFAULT_TIMEOUT, DEFAULT_MAX_ATTEMPTS, DEFAULT_CONCURRENCY,
                DEFAULT_FIRST_RETRY_DELAY, DEFAULT_MAX_RETRY_DELAY);
    }

    /** How long one claimed message stays with the instance that claimed it. */
    public Duration lease() {
        return timeout.plus(LEASE_MARGIN);
    }

    /** The wait after failed attempt number {@code attempt} (1-based): first, 2 x first, 4 x first, ..., at most max. */
    public Duration retryDelayAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, not " + attempt);
        }
        Duration delay = firstRetryDelay;
        for (int doubling = 1; doubling < attempt && delay.compareTo(maxRetryDelay) < 0; doubling++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }
}
