package io.flowgate.core.port.out;

import io.flowgate.core.domain.EncryptionMetadata;
import io.flowgate.spi.MediaException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Verifies and decrypts an upload as WhatsApp encrypts it (protocol.md 8.3). */
public interface MediaCipher {

    /**
     * Reads the encrypted file once, to its end, decrypting into {@code plaintextFile} on the way, then checks
     * the encrypted hash, the HMAC, the padding and the plaintext hash, in that order; on any failure
     * {@code plaintextFile} is deleted before the exception leaves. Nothing may use the plaintext before this
     * returns.
     *
     * @return the plaintext's size
     * @throws IOException    reading {@code encrypted} failed (passed through unchanged)
     * @throws MediaException a check failed, or the plaintext could not be written (STORAGE_FAILED)
     */
    long decrypt(InputStream encrypted, EncryptionMetadata metadata, Path plaintextFile) throws IOException, MediaException;
}
