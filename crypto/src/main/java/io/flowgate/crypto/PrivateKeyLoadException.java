package io.flowgate.crypto;

/** A private key file could not be used; the message names the file and what to do, never key material. */
public final class PrivateKeyLoadException extends Exception {
    public PrivateKeyLoadException(String message) {
        super(message);
    }

    public PrivateKeyLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
