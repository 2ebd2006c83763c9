package io.flowgate.playground;

import java.util.Objects;
import java.util.Optional;

/**
 * A loaded flow as the playground shows it.
 *
 * @param flowJson the flow's Flow JSON text (the plugin jar's {@code flow.json} or the configured file); empty
 *                 when it has none, which the page explains, since it cannot render a flow without one
 */
public record PlaygroundFlow(String flowId, String source, Optional<String> flowJson) {
    public PlaygroundFlow {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(flowJson, "flowJson");
    }
}
