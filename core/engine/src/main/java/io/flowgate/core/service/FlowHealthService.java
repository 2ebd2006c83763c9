package io.flowgate.core.service;

import io.flowgate.core.domain.FlowHealth;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.MetaThresholds;
import io.flowgate.core.domain.TrafficMinute;
import io.flowgate.core.port.in.ReadFlowHealth;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Puts a flow's traffic windows, Meta's thresholds and its stored Meta alerts together. */
public final class FlowHealthService implements ReadFlowHealth {

    /** Recent alerts shown with a flow's health; the store keeps more. */
    static final int RECENT_ALERTS = 10;

    private final List<FlowId> flows;
    private final FlowTraffic traffic;
    private final MetaAlertService alerts;

    /** @param flows the served flows */
    public FlowHealthService(Collection<FlowId> flows, FlowTraffic traffic, MetaAlertService alerts) {
        this.flows = flows.stream().distinct().sorted(Comparator.comparing(FlowId::value)).toList();
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
    }

    @Override
    public Optional<FlowHealth> health(FlowId flow) {
        if (!flows.contains(flow)) {
            return Optional.empty();
        }
        var requests = traffic.requests(flow).orElseThrow(() -> notRecorded(flow));
        var pings = traffic.pings(flow).orElseThrow(() -> notRecorded(flow));
        List<String> reasons = MetaThresholds.crossed(requests, pings);
        return Optional.of(new FlowHealth(flow, alerts.metaFlowId(flow), requests, pings,
                reasons.isEmpty() ? FlowHealth.State.OK : FlowHealth.State.WARNING, reasons, alerts.latest(flow),
                alerts.recent(flow, RECENT_ALERTS)));
    }

    private static IllegalStateException notRecorded(FlowId flow) {
        return new IllegalStateException("flow " + flow + " is served but its traffic is not recorded (wiring)");
    }

    @Override
    public List<FlowHealth> all() {
        return flows.stream().map(flow -> health(flow).orElseThrow()).toList();
    }

    @Override
    public List<TrafficMinute> lastHour(FlowId flow) {
        return flows.contains(flow) ? traffic.lastHour(flow) : List.of();
    }

    @Override
    public Map<String, Long> alertCounts() {
        return alerts.counts();
    }
}
