package io.flowgate.app;

import io.flowgate.core.domain.FlowId;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code flowgate.flows.<flowId>.meta-flow-id}: which of Meta's flows each of ours is, so that Meta's alerts
 * (which name Meta's flow id) reach the right flow's health and plugin.
 *
 * Sending a flow and reading its state at Meta need it too.
 *
 * @param byFlow our flow id to Meta's flow id
 */
public record MetaFlowIds(Map<String, String> byFlow) {

    public MetaFlowIds {
        byFlow = Map.copyOf(byFlow);
    }

    public Optional<String> of(String flowId) {
        return Optional.ofNullable(byFlow.get(flowId));
    }

    /** The mapping for the core, keyed by flow id (the keys were checked when the settings were read). */
    Map<FlowId, String> byFlowId() {
        var mapped = new HashMap<FlowId, String>();
        byFlow.forEach((flow, metaId) -> mapped.put(new FlowId(flow), metaId));
        return mapped;
    }

}
