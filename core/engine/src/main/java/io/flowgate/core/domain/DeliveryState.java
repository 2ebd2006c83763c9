package io.flowgate.core.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a stored completion message stands on its way to the plugin. */
public enum DeliveryState {
    /** Waiting for its first attempt, for its next attempt after a failure, or being delivered now. */
    PENDING,
    /** Handed to the plugin (or found to have no plugin to go to); kept only to recognise Meta's retries. */
    DELIVERED,
    /** Every attempt failed: a dead letter, kept with its last error until an operator retries it. */
    FAILED;

    /** The lower-case name used in storage and on the admin API. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryState> fromCode(String code) {
        return Arrays.stream(values()).filter(state -> state.code().equals(code)).findFirst();
    }
}
