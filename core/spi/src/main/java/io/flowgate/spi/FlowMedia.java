package io.flowgate.spi;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * A file the user uploaded with a PhotoPicker or DocumentPicker, as it arrives in request data. Nothing is
 * downloaded until it is opened; then the host downloads it from WhatsApp's CDN, checks the encrypted file's
 * SHA-256 and HMAC, decrypts it and checks the plaintext's SHA-256, all before a single byte is handed out.
 * Memory stays bounded whatever the size: the file is spooled to a temporary file, deleted afterwards.
 */
public interface FlowMedia {

    String mediaId();

    /** The name the user's file had; not a safe path (never use it as one). */
    String fileName();

    /** The verified, decrypted content; close the stream to delete the temporary file. */
    InputStream open() throws MediaException;

    /** Writes the verified, decrypted content to {@code target}; returns its size. */
    long saveTo(Path target) throws MediaException;

    /** Keeps the verified, decrypted content in the server's media store; returns the id it is kept under. */
    String store() throws MediaException;
}
