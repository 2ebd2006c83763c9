package io.flowgate.core.port.in;

import io.flowgate.core.domain.FlowHealth;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.TrafficMinute;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/flows/{flowId}/health}, {@code GET /api/health} and the status page: each flow's health
 * against Meta's thresholds, from this instance's traffic, and the Meta alerts every instance stored.
 */
public interface ReadFlowHealth {

    /** Empty for a flow no plugin serves. */
    Optional<FlowHealth> health(FlowId flow);

    /** Every served flow, by flow id. */
    List<FlowHealth> all();

    /** The flow's last hour, a point per minute, oldest first; empty for a flow no plugin serves. */
    List<TrafficMinute> lastHour(FlowId flow);

    /** Meta events received by this instance since it started, by event and state. */
    Map<String, Long> alertCounts();
}
