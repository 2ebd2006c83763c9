package io.flowgate.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the distinct values one label may take, so that a value the server does not control (an event name
 * from Meta, a screen a plugin answers) cannot grow the number of series without bound: past the cap, new
 * values share the label {@code (other)}. Values seen before the cap keep their own series.
 */
final class BoundedLabels {

    static final String OTHER = "(other)";
    /** Longer values are cut: a label value is a name, not a message. */
    static final int MAX_LENGTH = 64;

    private final int maxValues;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    BoundedLabels(int maxValues) {
        this.maxValues = maxValues;
    }

    String label(String value) {
        String shortened = value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value;
        if (seen.contains(shortened)) {
            return shortened;
        }
        // Racing threads may admit a few values past the cap; the bound stays within the number of threads.
        if (seen.size() >= maxValues) {
            return OTHER;
        }
        seen.add(shortened);
        return shortened;
    }
}
