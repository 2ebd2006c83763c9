package io.flowgate.core.domain;

import io.flowgate.spi.MediaException;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * The {@code encryption_metadata} of an uploaded file (protocol.md 8.2), decoded and size-checked: AES-256 key,
 * HMAC-SHA256 key, 16-byte IV, SHA-256 of the encrypted file and of the plaintext.
 */
public record EncryptionMetadata(byte[] encryptionKey, byte[] hmacKey, byte[] iv, byte[] encryptedHash,
                                 byte[] plaintextHash) {

    public static EncryptionMetadata parse(Map<String, Object> metadata) throws MediaException {
        return new EncryptionMetadata(field(metadata, "encryption_key", 32), field(metadata, "hmac_key", 32),
                field(metadata, "iv", 16), field(metadata, "encrypted_hash", 32), field(metadata, "plaintext_hash", 32));
    }

    private static byte[] field(Map<String, Object> metadata, String name, int bytes) throws MediaException {
        if (!(metadata.get(name) instanceof String text)) {
            throw new MediaException(MediaException.Reason.INVALID_METADATA, "encryption_metadata has no \"" + name + "\"");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MediaException(MediaException.Reason.INVALID_METADATA, "encryption_metadata." + name + " is not base64");
        }
        if (decoded.length != bytes) {
            throw new MediaException(MediaException.Reason.INVALID_METADATA, "encryption_metadata." + name + " is "
                    + decoded.length + " bytes, expected " + bytes);
        }
        return decoded;
    }

    /** Best effort: the keys do not outlive their use in memory longer than needed. */
    public void wipe() {
        Arrays.fill(encryptionKey, (byte) 0);
        Arrays.fill(hmacKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "EncryptionMetadata[keys redacted]";
    }
}
