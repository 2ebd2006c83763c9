package io.flowgate.flowjson;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What compiling a Flow JSON gave: the flow when there was no error, every error otherwise, and the lint
 * warnings in both cases.
 */
public record Compilation(Optional<CompiledFlow> flow, List<Finding> errors, List<Finding> warnings) {

    public Compilation {
        Objects.requireNonNull(flow, "flow");
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        if (flow.isPresent() != errors.isEmpty()) {
            throw new IllegalArgumentException("a compilation has a flow exactly when it has no error");
        }
    }

    /** The flow, or an exception whose message lists every error with its path and fix. */
    public CompiledFlow orElseThrow() throws InvalidFlowJsonException {
        if (flow.isEmpty()) {
            throw new InvalidFlowJsonException(errors);
        }
        return flow.get();
    }
}
