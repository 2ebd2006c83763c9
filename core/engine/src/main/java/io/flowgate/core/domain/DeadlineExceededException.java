package io.flowgate.core.domain;

/**
 * The request's deadline passed before a stage that is not the plugin's fault finished (waiting for a
 * decryption worker, the session store). The answer is 503: nothing was committed for this request.
 */
public final class DeadlineExceededException extends Exception {
    public DeadlineExceededException(String stage) {
        super("the request deadline (flowgate.request.deadline) passed " + stage);
    }

    /** @param cause what the stage was doing when the time ran out (a store's timeout, say) */
    public DeadlineExceededException(String stage, Throwable cause) {
        super("the request deadline (flowgate.request.deadline) passed " + stage, cause);
    }
}
