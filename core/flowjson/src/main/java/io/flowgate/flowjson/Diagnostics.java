package io.flowgate.flowjson;

import java.util.ArrayList;
import java.util.List;

/** The errors and warnings of one compilation, in the order found. */
final class Diagnostics {

    private final List<Finding> errors = new ArrayList<>();
    private final List<Finding> warnings = new ArrayList<>();

    void error(Code code, String path, String message) {
        errors.add(new Finding(code, Severity.ERROR, path, message));
    }

    void warning(Code code, String path, String message) {
        warnings.add(new Finding(code, Severity.WARNING, path, message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<Finding> errors() {
        return errors;
    }

    List<Finding> warnings() {
        return warnings;
    }
}
