package io.flowgate.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A flow's health the way Meta judges it, computed from this instance's traffic, with the latest alerts Meta
 * sent about it.
 *
 * @param metaFlowId   Meta's flow id (flowgate.flows.&lt;flowId&gt;.meta-flow-id), when mapped
 * @param requests     the last 30 minutes (error rate and latency)
 * @param pings        the last 10 minutes (availability)
 * @param reasons      why the state is {@link State#WARNING}, one sentence each; empty when OK
 * @param latestAlerts the latest Meta event of each kind for the flow
 * @param recentAlerts its most recent events, newest first
 */
public record FlowHealth(FlowId flow, Optional<String> metaFlowId, TrafficWindow requests, PingWindow pings,
                         State state, List<String> reasons, List<ReceivedMetaAlert> latestAlerts,
                         List<ReceivedMetaAlert> recentAlerts) {

    /** Against Meta's first thresholds: 5% errors, p90 over 1 s, availability below 90%. */
    public enum State {
        OK, WARNING
    }

    public FlowHealth {
        Objects.requireNonNull(flow, "flow");
        reasons = List.copyOf(reasons);
        latestAlerts = List.copyOf(latestAlerts);
        recentAlerts = List.copyOf(recentAlerts);
    }

    /** Meta's last reported status of the flow (PUBLISHED, THROTTLED, BLOCKED, ...), from FLOW_STATUS_CHANGE. */
    public Optional<String> metaStatus() {
        return latestAlerts.stream().filter(alert -> alert.event().equals(ReceivedMetaAlert.FLOW_STATUS_CHANGE))
                .map(ReceivedMetaAlert::newStatus).filter(status -> !status.isEmpty()).findFirst();
    }
}
