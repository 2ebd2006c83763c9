package io.flowgate.core.domain;

/** The decrypted payload is JSON but not a flow request (unknown action, wrong field types, ...). */
public final class MalformedRequestException extends Exception {
    public MalformedRequestException(String message) {
        super(message);
    }
}
