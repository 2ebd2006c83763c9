package io.flowgate.core.domain;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A flow's requests over one of Meta's windows, as this instance answered them.
 *
 * @param answers   requests per outcome (only outcomes that occurred)
 * @param p50Millis the median latency, as the upper edge of its histogram bin; empty without requests
 * @param p90Millis the 90th percentile latency, likewise
 */
public record TrafficWindow(Duration window, long requests, Map<RequestOutcome, Long> answers, OptionalLong p50Millis,
                            OptionalLong p90Millis) {

    public TrafficWindow {
        Objects.requireNonNull(window, "window");
        var copy = new EnumMap<RequestOutcome, Long>(RequestOutcome.class);
        copy.putAll(answers);
        answers = Collections.unmodifiableMap(copy);
    }

    /** Requests Meta counts as endpoint errors. */
    public long errors() {
        return answers.entrySet().stream().filter(e -> e.getKey().isEndpointError()).mapToLong(Map.Entry::getValue).sum();
    }

    /** Errors over requests, 0 without requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors() / requests;
    }
}
