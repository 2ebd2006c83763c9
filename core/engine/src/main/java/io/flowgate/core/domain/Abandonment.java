package io.flowgate.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The latest time a session was claimed as abandoned, and where its plugin's {@code onAbandoned} call stands.
 * Written by the abandonment job's claims and outcomes only; a step never changes it.
 *
 * @param at        when an instance claimed the session as abandoned
 * @param screen    the screen the user stopped at
 * @param state     pending (being called, or waiting for a retry), delivered, or failed (a dead letter)
 * @param attempts  calls made so far
 * @param lastError why the last call failed, if it did
 */
public record Abandonment(Instant at, String screen, DeliveryState state, int attempts, Optional<DeliveryError> lastError) {

    public Abandonment {
        Objects.requireNonNull(at, "at");
        screen = screen == null ? "" : screen;
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
    }
}
