package io.flowgate.core.service;

import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.PingWindow;
import io.flowgate.core.domain.RequestOutcome;
import io.flowgate.core.domain.TrafficMinute;
import io.flowgate.core.domain.TrafficWindow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The outcomes of each flow's data-endpoint requests over the last hour, in this process: what Meta's health
 * signals (error rate, latency p90, availability) would say, hours before Meta's own metrics do.
 *
 * <p>Memory is bounded: only the flows given at construction are recorded (an unknown flow id in a path adds
 * nothing), and each keeps 360 buckets of 10 seconds, each with counts per outcome, pings, and a latency
 * histogram whose bin edges include Meta's thresholds (1 s, 5 s, 7 s), so that a percentile compared with them
 * is exact. Behind a load balancer every instance records its own share of the traffic.
 */
public final class FlowTraffic {

    public static final Duration ERROR_WINDOW = Duration.ofMinutes(30);
    public static final Duration AVAILABILITY_WINDOW = Duration.ofMinutes(10);
    public static final Duration HISTORY = Duration.ofHours(1);
    static final int BUCKET_SECONDS = 10;
    private static final int BUCKETS = (int) (HISTORY.toSeconds() / BUCKET_SECONDS);

    /** Upper bin edges in milliseconds; a last, open bin holds everything slower. */
    static final long[] LATENCY_EDGES_MS = {1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 400, 500, 600,
            700, 800, 900, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 15000, 20000,
            30000, 60000};
    private static final RequestOutcome[] OUTCOMES = RequestOutcome.values();

    private final Map<FlowId, Ring> rings;
    private final Clock clock;

    public FlowTraffic(Collection<FlowId> flows, Clock clock) {
        this.rings = flows.stream().distinct().collect(Collectors.toUnmodifiableMap(Function.identity(), flow -> new Ring()));
        this.clock = clock;
    }

    /** Records one answered request of {@code flow}; flows not given at construction are ignored. */
    public void record(FlowId flow, RequestOutcome outcome, boolean healthCheck, long latencyNanos) {
        Ring ring = rings.get(flow);
        if (ring != null) {
            ring.record(slot(clock.instant()), outcome, healthCheck, latencyNanos / 1_000_000.0);
        }
    }

    /** Whether this flow is recorded. */
    public boolean knows(FlowId flow) {
        return rings.containsKey(flow);
    }

    /** The flow's requests over the last 30 minutes (Meta's error-rate and latency window). */
    public Optional<TrafficWindow> requests(FlowId flow) {
        Ring ring = rings.get(flow);
        if (ring == null) {
            return Optional.empty();
        }
        Totals totals = ring.totals(slot(clock.instant()), (int) (ERROR_WINDOW.toSeconds() / BUCKET_SECONDS));
        var answers = new EnumMap<RequestOutcome, Long>(RequestOutcome.class);
        long requests = 0;
        for (RequestOutcome outcome : OUTCOMES) {
            long count = totals.counts[outcome.ordinal()];
            if (count > 0) {
                answers.put(outcome, count);
                requests += count;
            }
        }
        return Optional.of(new TrafficWindow(ERROR_WINDOW, requests, answers, percentile(totals.latency, 0.5),
                percentile(totals.latency, 0.9)));
    }

    /** The flow's pings over the last 10 minutes (Meta's availability window). */
    public Optional<PingWindow> pings(FlowId flow) {
        Ring ring = rings.get(flow);
        if (ring == null) {
            return Optional.empty();
        }
        Totals totals = ring.totals(slot(clock.instant()), (int) (AVAILABILITY_WINDOW.toSeconds() / BUCKET_SECONDS));
        return Optional.of(new PingWindow(AVAILABILITY_WINDOW, totals.pings, totals.pingsAnswered));
    }

    /** The last hour, a point per minute, oldest first (60 points; the last one is the running minute). */
    public List<TrafficMinute> lastHour(FlowId flow) {
        Ring ring = rings.get(flow);
        if (ring == null) {
            return List.of();
        }
        long now = slot(clock.instant());
        int perMinute = 60 / BUCKET_SECONDS;
        long currentMinuteStart = now - Math.floorMod(now, perMinute);
        List<TrafficMinute> minutes = new ArrayList<>(60);
        for (int minute = 59; minute >= 0; minute--) {
            long first = currentMinuteStart - (long) minute * perMinute;
            Totals totals = ring.range(first, first + perMinute - 1, now);
            long requests = 0;
            long errors = 0;
            for (RequestOutcome outcome : OUTCOMES) {
                requests += totals.counts[outcome.ordinal()];
                errors += outcome.isEndpointError() ? totals.counts[outcome.ordinal()] : 0;
            }
            minutes.add(new TrafficMinute(Instant.ofEpochSecond(first * BUCKET_SECONDS), requests, errors,
                    percentile(totals.latency, 0.9)));
        }
        return minutes;
    }

    private static long slot(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), BUCKET_SECONDS);
    }

    /** The upper edge of the bin holding the q-quantile; the open last bin reports the last edge. */
    static OptionalLong percentile(long[] histogram, double q) {
        long total = 0;
        for (long count : histogram) {
            total += count;
        }
        if (total == 0) {
            return OptionalLong.empty();
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int bin = 0; bin < histogram.length; bin++) {
            seen += histogram[bin];
            if (seen >= Math.max(rank, 1)) {
                return OptionalLong.of(LATENCY_EDGES_MS[Math.min(bin, LATENCY_EDGES_MS.length - 1)]);
            }
        }
        return OptionalLong.of(LATENCY_EDGES_MS[LATENCY_EDGES_MS.length - 1]);
    }

    static int bin(double millis) {
        for (int bin = 0; bin < LATENCY_EDGES_MS.length; bin++) {
            if (millis <= LATENCY_EDGES_MS[bin]) {
                return bin;
            }
        }
        return LATENCY_EDGES_MS.length;
    }

    private static final class Totals {
        final long[] counts = new long[OUTCOMES.length];
        final long[] latency = new long[LATENCY_EDGES_MS.length + 1];
        long pings;
        long pingsAnswered;
    }

    /** One flow's buckets; a bucket is reused once its 10 seconds are an hour old. */
    private static final class Ring {
        private final long[] slots = new long[BUCKETS];
        private final int[][] counts = new int[BUCKETS][OUTCOMES.length];
        private final int[][] latency = new int[BUCKETS][LATENCY_EDGES_MS.length + 1];
        private final int[] pings = new int[BUCKETS];
        private final int[] pingsAnswered = new int[BUCKETS];

        Ring() {
            Arrays.fill(slots, Long.MIN_VALUE);
        }

        synchronized void record(long slot, RequestOutcome outcome, boolean healthCheck, double millis) {
            int index = (int) Math.floorMod(slot, (long) BUCKETS);
            if (slots[index] != slot) {
                slots[index] = slot;
                Arrays.fill(counts[index], 0);
                Arrays.fill(latency[index], 0);
                pings[index] = 0;
                pingsAnswered[index] = 0;
            }
            counts[index][outcome.ordinal()]++;
            latency[index][bin(millis)]++;
            if (healthCheck) {
                pings[index]++;
                if (outcome == RequestOutcome.OK) {
                    pingsAnswered[index]++;
                }
            }
        }

        /** The last {@code buckets} buckets up to and including {@code now}. */
        Totals totals(long now, int buckets) {
            return range(now - buckets + 1, now, now);
        }

        synchronized Totals range(long first, long last, long now) {
            Totals totals = new Totals();
            long from = Math.max(first, now - BUCKETS + 1);
            for (long slot = from; slot <= Math.min(last, now); slot++) {
                int index = (int) Math.floorMod(slot, (long) BUCKETS);
                if (slots[index] != slot) {
                    continue;
                }
                for (int i = 0; i < OUTCOMES.length; i++) {
                    totals.counts[i] += counts[index][i];
                }
                for (int i = 0; i < totals.latency.length; i++) {
                    totals.latency[i] += latency[index][i];
                }
                totals.pings += pings[index];
                totals.pingsAnswered += pingsAnswered[index];
            }
            return totals;
        }
    }
}
