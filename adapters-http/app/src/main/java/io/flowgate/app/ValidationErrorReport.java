package io.flowgate.app;

import io.flowgate.core.domain.FlowValidationError;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Meta's validation errors with the Flow JSON around each: the lines Meta names, one line before and after,
 * numbered, and a caret under the first column, so the fix is found without opening Meta's Builder.
 */
final class ValidationErrorReport {

    private static final int CONTEXT_LINES = 1;
    private static final int MAX_SHOWN_LINES = 8;

    private ValidationErrorReport() {
    }

    static String format(List<FlowValidationError> errors, byte[] flowJson) {
        String[] lines = new String(flowJson, StandardCharsets.UTF_8).split("\r?\n", -1);
        var text = new StringBuilder();
        for (FlowValidationError error : errors) {
            text.append("  ").append(error.error().isEmpty() ? "ERROR" : error.error());
            if (!error.errorType().isEmpty()) {
                text.append(" (").append(error.errorType()).append(')');
            }
            if (error.lineStart() > 0) {
                text.append(" at line ").append(error.lineStart()).append(", column ").append(error.columnStart());
            }
            text.append(": ").append(error.message()).append('\n');
            if (error.lineStart() > 0 && error.lineStart() <= lines.length) {
                int first = Math.max(1, error.lineStart() - CONTEXT_LINES);
                int lastOfError = Math.max(error.lineStart(), Math.min(error.lineEnd(), error.lineStart() + MAX_SHOWN_LINES));
                int last = Math.min(lines.length, lastOfError + CONTEXT_LINES);
                for (int number = first; number <= last; number++) {
                    text.append(String.format("  %5d | %s%n", number, lines[number - 1]));
                    if (number == error.lineStart() && error.columnStart() > 0) {
                        text.append("        | ").append(" ".repeat(error.columnStart() - 1)).append("^\n");
                    }
                }
            }
        }
        return text.toString();
    }
}
