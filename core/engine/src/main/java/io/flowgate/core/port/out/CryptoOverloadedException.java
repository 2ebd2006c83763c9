package io.flowgate.core.port.out;

/** The decryption queue is full: the request is refused at once instead of timing out later. */
public final class CryptoOverloadedException extends Exception {
    public CryptoOverloadedException(String message) {
        super(message);
    }
}
