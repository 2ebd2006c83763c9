package io.flowgate.testkit;

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
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encrypts a file the way WhatsApp does before it puts an upload on its CDN (AES-256-CBC, PKCS#7, then the
 * first 10 bytes of HMAC-SHA256(hmac_key, iv || ciphertext)), and builds the media item a request carries.
 * Streams, so a 25 MiB file costs no more memory than a small one.
 */
public final class WhatsAppMedia {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WhatsAppMedia() {
    }

    /** The encrypted file and its {@code encryption_metadata} (base64 values). */
    public record Encrypted(Path cdnFile, Map<String, Object> encryptionMetadata) {
        /** The media item as a PhotoPicker or DocumentPicker puts it into request data. */
        public Map<String, Object> item(String mediaId, String cdnUrl, String fileName) {
            var item = new LinkedHashMap<String, Object>();
            item.put("media_id", mediaId);
            item.put("cdn_url", cdnUrl);
            item.put("file_name", fileName);
            item.put("encryption_metadata", encryptionMetadata);
            return item;
        }
    }

    public static Encrypted encrypt(Path plaintext, Path cdnFile) throws IOException {
        byte[] key = random(32);
        byte[] hmacKey = random(32);
        byte[] iv = random(16);
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            mac.update(iv);
            MessageDigest plainHash = MessageDigest.getInstance("SHA-256");
            MessageDigest fileHash = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(plaintext); OutputStream out = Files.newOutputStream(cdnFile)) {
                byte[] buffer = new byte[64 * 1024];
                for (int read; (read = in.read(buffer)) > 0; ) {
                    plainHash.update(buffer, 0, read);
                    write(aes.update(buffer, 0, read), mac, fileHash, out);
                }
                write(aes.doFinal(), mac, fileHash, out);
                byte[] trailer = java.util.Arrays.copyOf(mac.doFinal(), 10);
                fileHash.update(trailer);
                out.write(trailer);
            }
            Base64.Encoder b64 = Base64.getEncoder();
            var metadata = new LinkedHashMap<String, Object>();
            metadata.put("encryption_key", b64.encodeToString(key));
            metadata.put("hmac_key", b64.encodeToString(hmacKey));
            metadata.put("iv", b64.encodeToString(iv));
            metadata.put("plaintext_hash", b64.encodeToString(plainHash.digest()));
            metadata.put("encrypted_hash", b64.encodeToString(fileHash.digest()));
            return new Encrypted(cdnFile, metadata);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot encrypt media", e);
        }
    }

    private static void write(byte[] ciphertext, Mac mac, MessageDigest fileHash, OutputStream out) throws IOException {
        if (ciphertext != null && ciphertext.length > 0) {
            mac.update(ciphertext);
            fileHash.update(ciphertext);
            out.write(ciphertext);
        }
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }
}
