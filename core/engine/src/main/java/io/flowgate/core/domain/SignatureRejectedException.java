package io.flowgate.core.domain;

/** A signature Meta makes is missing or wrong: HTTP 432. The message says which check failed. */
public final class SignatureRejectedException extends Exception {
    public SignatureRejectedException(String message) {
        super(message);
    }
}
