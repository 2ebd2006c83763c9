package io.flowgate.core.port.out;

/** The envelope could not be decrypted; the message says which step failed and never carries key material. */
public final class EnvelopeDecryptionException extends Exception {
    public EnvelopeDecryptionException(String message) {
        super(message);
    }

    public EnvelopeDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
