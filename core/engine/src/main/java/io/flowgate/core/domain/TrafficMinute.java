package io.flowgate.core.domain;

import java.time.Instant;
import java.util.OptionalLong;

/** One minute of a flow's requests, for charts: how many, how many were endpoint errors, and their p90. */
public record TrafficMinute(Instant start, long requests, long errors, OptionalLong p90Millis) {
}
