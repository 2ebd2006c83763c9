package io.flowgate.core.port.out;

import io.flowgate.core.domain.EncryptionMetadata;
import io.flowgate.spi.MediaException;

import java.nio.file.Path;

/** Verifies and decrypts an encrypted upload (protocol.md 8.3), file to file. */
public interface MediaCipher {

    /**
     * Checks the encrypted hash, then the HMAC, decrypts into {@code plaintextFile} and checks the plaintext hash;
     * on any failure {@code plaintextFile} is deleted before the exception leaves.
     *
     * @param encryptedSha256 SHA-256 of {@code encryptedFile}, when already known (else null)
     * @return the plaintext's size
     */
    long decrypt(Path encryptedFile, byte[] encryptedSha256, EncryptionMetadata metadata, Path plaintextFile)
            throws MediaException;
}
