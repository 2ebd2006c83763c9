package io.flowgate.core.domain;

import java.util.Objects;

/**
 * One of Meta's {@code validation_errors} for an uploaded Flow JSON: where in the file (1-based lines and
 * columns, 0 when Meta gave none) and what is wrong.
 */
public record FlowValidationError(String error, String errorType, String message, int lineStart, int lineEnd,
                                  int columnStart, int columnEnd) {
    public FlowValidationError {
        error = Objects.requireNonNullElse(error, "");
        errorType = Objects.requireNonNullElse(errorType, "");
        message = Objects.requireNonNullElse(message, "");
    }
}
