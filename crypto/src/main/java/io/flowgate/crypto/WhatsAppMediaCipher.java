package io.flowgate.crypto;

import io.flowgate.core.domain.EncryptionMetadata;
import io.flowgate.core.port.out.MediaCipher;
import io.flowgate.spi.MediaException;
import io.flowgate.spi.MediaException.Reason;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * WhatsApp's upload encryption (protocol.md 8.3): the CDN file is AES-256-CBC ciphertext (PKCS#7) followed by
 * the first 10 bytes of HMAC-SHA256(hmac_key, iv || ciphertext). Checked in this order, each over a stream
 * with a fixed buffer, so memory does not grow with the file: SHA-256 of the whole file, the HMAC (in constant
 * time), decryption with its padding, SHA-256 of the plaintext. The plaintext file is deleted unless every
 * check passed.
 */
public final class WhatsAppMediaCipher implements MediaCipher {

    static final int MAC_BYTES = 10;
    private static final int BLOCK = 16;
    private static final int BUFFER = 64 * 1024;

    @Override
    public long decrypt(Path encryptedFile, byte[] encryptedSha256, EncryptionMetadata metadata, Path plaintextFile)
            throws MediaException {
        boolean verified = false;
        try {
            long size = Files.size(encryptedFile);
            byte[] fileHash = encryptedSha256 != null ? encryptedSha256 : sha256(encryptedFile);
            if (!MessageDigest.isEqual(fileHash, metadata.encryptedHash())) {
                throw new MediaException(Reason.ENCRYPTED_HASH_MISMATCH, "SHA-256 of the downloaded file is not encrypted_hash");
            }
            long ciphertextSize = size - MAC_BYTES;
            if (ciphertextSize < BLOCK || ciphertextSize % BLOCK != 0) {
                throw new MediaException(Reason.HMAC_MISMATCH, "the file is " + size + " bytes: not ciphertext blocks"
                        + " followed by a 10-byte HMAC");
            }
            verifyHmac(encryptedFile, ciphertextSize, metadata);
            long plaintextSize = decryptTo(encryptedFile, ciphertextSize, metadata, plaintextFile);
            verified = true;
            return plaintextSize;
        } catch (IOException e) {
            throw new MediaException(Reason.STORAGE_FAILED, "reading or writing a temporary media file failed", e);
        } finally {
            if (!verified) {
                try {
                    Files.deleteIfExists(plaintextFile);
                } catch (IOException ignored) {
                    // best effort; the caller's temp folder is cleaned with it
                }
            }
        }
    }

    private static void verifyHmac(Path file, long ciphertextSize, EncryptionMetadata metadata)
            throws IOException, MediaException {
        Mac mac = mac(metadata.hmacKey());
        mac.update(metadata.iv());
        byte[] trailer = new byte[MAC_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            readChunks(in, ciphertextSize, mac::update);
            if (in.readNBytes(trailer, 0, MAC_BYTES) != MAC_BYTES) {
                throw new IOException("the file shrank while it was read");
            }
        }
        byte[] expected = Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        if (!MessageDigest.isEqual(expected, trailer)) {
            throw new MediaException(Reason.HMAC_MISMATCH, "the HMAC-SHA256 trailer does not match the ciphertext");
        }
    }

    private static long decryptTo(Path file, long ciphertextSize, EncryptionMetadata metadata, Path plaintextFile)
            throws IOException, MediaException {
        Cipher aes;
        try {
            aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(metadata.encryptionKey(), "AES"), new IvParameterSpec(metadata.iv()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES-256-CBC", e);
        }
        MessageDigest plaintextHash = digest();
        try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(plaintextFile)) {
            readChunks(in, ciphertextSize, (buffer, offset, length) -> {
                byte[] plain = aes.update(buffer, offset, length);
                if (plain != null) {
                    plaintextHash.update(plain);
                    out.write(plain);
                }
            });
            byte[] last = aes.doFinal();
            plaintextHash.update(last);
            out.write(last);
        } catch (BadPaddingException e) {
            throw new MediaException(Reason.BAD_PADDING, "the decrypted file ends in invalid PKCS#7 padding");
        } catch (GeneralSecurityException e) {
            throw new MediaException(Reason.BAD_PADDING, "the ciphertext does not decrypt (" + e.getClass().getSimpleName() + ")");
        }
        if (!MessageDigest.isEqual(plaintextHash.digest(), metadata.plaintextHash())) {
            throw new MediaException(Reason.PLAINTEXT_HASH_MISMATCH, "SHA-256 of the decrypted file is not plaintext_hash");
        }
        return Files.size(plaintextFile);
    }

    /** Receives a file's bytes chunk by chunk. */
    private interface Chunks {
        void accept(byte[] buffer, int offset, int length) throws IOException;
    }

    /** Reads exactly {@code length} bytes of {@code in} through one fixed buffer. */
    private static void readChunks(InputStream in, long length, Chunks chunks) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("the file shrank while it was read");
            }
            chunks.accept(buffer, 0, read);
            left -= read;
        }
    }

    private static byte[] sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
        }
        return digest.digest();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
