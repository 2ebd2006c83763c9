package io.flowgate.core.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Meta's first alert thresholds for a flow's endpoint (meta-operations.md): an error rate of 5% over 30 minutes,
 * a p90 latency over 1 s over 30 minutes, availability below 90% over 10 minutes. Meta's later steps (10% and
 * 50%, 5 s and 7 s) and the thresholds behind THROTTLED and BLOCKED are not published as such; crossing the
 * first is the warning worth acting on.
 */
public final class MetaThresholds {

    public static final double ERROR_RATE = 0.05;
    public static final long P90_MILLIS = 1000;
    public static final double AVAILABILITY = 0.90;

    private MetaThresholds() {
    }

    /** Why the windows are over a threshold, one sentence each; empty when none is. */
    public static List<String> crossed(TrafficWindow requests, PingWindow pings) {
        List<String> reasons = new ArrayList<>();
        if (requests.requests() > 0 && requests.errorRate() >= ERROR_RATE) {
            reasons.add(String.format(Locale.ROOT, "error rate %.1f%% over the last %d minutes (Meta alerts at 5%%)",
                    100 * requests.errorRate(), requests.window().toMinutes()));
        }
        if (requests.p90Millis().isPresent() && requests.p90Millis().getAsLong() > P90_MILLIS) {
            reasons.add(String.format(Locale.ROOT, "p90 latency %d ms over the last %d minutes (Meta alerts above 1 s)",
                    requests.p90Millis().getAsLong(), requests.window().toMinutes()));
        }
        if (pings.availability().isPresent() && pings.availability().getAsDouble() < AVAILABILITY) {
            reasons.add(String.format(Locale.ROOT, "availability %.1f%% over the last %d minutes (Meta alerts below 90%%)",
                    100 * pings.availability().getAsDouble(), pings.window().toMinutes()));
        }
        return reasons;
    }
}
