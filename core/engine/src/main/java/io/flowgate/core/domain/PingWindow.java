package io.flowgate.core.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Meta's health checks ({@code ping}) of a flow over Meta's availability window, as this instance saw them.
 * A ping that never reached the server (it was down, or the network was) cannot be counted here; Meta counts it.
 */
public record PingWindow(Duration window, long pings, long answered) {

    public PingWindow {
        Objects.requireNonNull(window, "window");
    }

    /** Answered pings over pings; empty when no ping arrived in the window. */
    public OptionalDouble availability() {
        return pings == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) answered / pings);
    }
}
