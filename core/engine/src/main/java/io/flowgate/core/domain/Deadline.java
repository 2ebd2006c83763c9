package io.flowgate.core.domain;

import java.time.Duration;

/**
 * The moment by which a request must be answered, fixed when it arrives. Meta gives up on a data-endpoint
 * request after 10 s; one deadline for the whole request (the wait for a decryption worker, every attempt of
 * the step, the store and the plugin) is what keeps the sum of the parts below that, where a timeout per part
 * would not.
 *
 * @param expiresAtNanos the {@link System#nanoTime()} value at which the deadline passes
 */
public record Deadline(long expiresAtNanos) {

    /** A deadline {@code budget} from now. */
    public static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /** What is left, never negative. */
    public long remainingNanos() {
        return Math.max(0, expiresAtNanos - System.nanoTime());
    }

    public Duration remaining() {
        return Duration.ofNanos(remainingNanos());
    }

    public boolean passed() {
        return expiresAtNanos - System.nanoTime() <= 0;
    }
}
