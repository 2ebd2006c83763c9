package io.flowgate.app;

import io.helidon.config.Config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which flow at Meta each plugin's flow is: {@code flowgate.flows.<flowId>.meta-flow-id}, read like the other
 * per-flow settings. Sending a flow and reading its state at Meta both need it.
 *
 * @param byFlow flowId -> Meta's flow id
 */
public record MetaFlowIds(Map<String, String> byFlow) {

    public MetaFlowIds {
        byFlow = Map.copyOf(byFlow);
    }

    static MetaFlowIds read(Config config) {
        Map<String, String> ids = new HashMap<>();
        for (Config flow : config.get("flowgate.flows").asNodeList().orElse(List.of())) {
            flow.get("meta-flow-id").asString().map(String::strip).filter(id -> !id.isEmpty())
                    .ifPresent(id -> ids.put(flow.name(), id));
        }
        return new MetaFlowIds(ids);
    }

    public Optional<String> of(String flowId) {
        return Optional.ofNullable(byFlow.get(flowId));
    }
}
