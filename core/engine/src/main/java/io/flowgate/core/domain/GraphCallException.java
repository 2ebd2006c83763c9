package io.flowgate.core.domain;

import java.util.Optional;

/**
 * A Graph API call that did not succeed: Meta answered with an error ({@link #error()}), or could not be reached
 * or answered something that is not Graph JSON (no error). The message says what to do and never holds the
 * access token or a request body.
 */
public final class GraphCallException extends Exception {

    private final transient GraphError error;

    /** Meta answered with an error. */
    public GraphCallException(String call, GraphError error) {
        super(call + ": " + error.advice() + ". " + error.describe());
        this.error = error;
    }

    /** Meta was not reached, or its answer could not be read. */
    public GraphCallException(String message, Throwable cause) {
        super(message, cause);
        this.error = null;
    }

    public Optional<GraphError> error() {
        return Optional.ofNullable(error);
    }

    /** True when the same call may succeed later (429, 5xx). */
    public boolean retryable() {
        return error != null && error.retryable();
    }
}
