package io.flowgate.flowjson;

import java.util.List;
import java.util.stream.Collectors;

/** A Flow JSON that cannot be compiled; the message lists every error, one a line. */
public final class InvalidFlowJsonException extends Exception {

    private final transient List<Finding> errors;

    InvalidFlowJsonException(List<Finding> errors) {
        super(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in the Flow JSON:\n"
                + errors.stream().map(Finding::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<Finding> errors() {
        return errors;
    }
}
