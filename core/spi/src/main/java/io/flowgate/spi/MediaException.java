package io.flowgate.spi;

/**
 * A file the user uploaded (PhotoPicker, DocumentPicker) could not be fetched or did not pass its checks.
 * {@link #reason()} says which check; {@link #userMessage()} is a sentence fit for {@code error_message}.
 */
public final class MediaException extends Exception {

    /** Which step failed. */
    public enum Reason {
        /** The item in the request is not a media item (fields missing or of the wrong size). */
        INVALID_METADATA("This file could not be read. Please upload it again."),
        /** The CDN host is not in flowgate.media.allowed-hosts, or the URL is not https. */
        HOST_NOT_ALLOWED("This file could not be downloaded. Please upload it again."),
        /** The download failed: connection, timeout, status, or a redirect to another host. */
        DOWNLOAD_FAILED("This file could not be downloaded. Please try again."),
        /** The file is larger than flowgate.media.max-bytes. */
        TOO_LARGE("This file is too large. Please choose a smaller one."),
        /** SHA-256 of the downloaded file differs from encrypted_hash. */
        ENCRYPTED_HASH_MISMATCH("This file was damaged on the way. Please upload it again."),
        /** The HMAC-SHA256 trailer does not authenticate the ciphertext. */
        HMAC_MISMATCH("This file was damaged on the way. Please upload it again."),
        /** AES-256-CBC decryption ended in bad PKCS#7 padding. */
        BAD_PADDING("This file was damaged on the way. Please upload it again."),
        /** SHA-256 of the decrypted file differs from plaintext_hash. */
        PLAINTEXT_HASH_MISMATCH("This file was damaged on the way. Please upload it again."),
        /** The host could not write or store the file. */
        STORAGE_FAILED("This file could not be saved. Please try again."),
        /**
         * The server is at its limit of downloads running at once, or of temporary disk space for them; nothing
         * was downloaded. Trying again in a moment may succeed.
         */
        BUSY("Too many files are being received right now. Please try again in a moment.");

        private final String userMessage;

        Reason(String userMessage) {
            this.userMessage = userMessage;
        }
    }

    private final Reason reason;

    public MediaException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public MediaException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** A sentence for the user, e.g. for {@link FlowResponse#screenWithError}. */
    public String userMessage() {
        return reason.userMessage;
    }
}
