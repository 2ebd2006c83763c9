package io.flowgate.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.core.domain.EncryptionMetadata;
import io.flowgate.spi.MediaException;
import io.flowgate.spi.MediaException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WhatsAppMediaCipherTest {

    private final WhatsAppMediaCipher cipher = new WhatsAppMediaCipher();

    @TempDir
    Path dir;

    @Test
    void decryptsTheIndependentVectorsByteForByteAndRejectsTheTamperedOnes() throws Exception {
        for (JsonNode vector : new ObjectMapper().readTree(TestVectors.text("/vectors/media.json"))) {
            String name = vector.get("name").asText();
            Path cdn = Files.write(dir.resolve(name + ".enc"), Base64.getDecoder().decode(vector.get("cdn_file_b64").asText()));
            Path out = dir.resolve(name + ".out");
            var metadata = metadata(vector.get("encryption_metadata"));

            switch (name) {
                case "bad-hmac" -> assertThatThrownBy(() -> cipher.decrypt(cdn, null, metadata, out))
                        .isInstanceOfSatisfying(MediaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HMAC_MISMATCH));
                case "bad-encrypted-hash" -> assertThatThrownBy(() -> cipher.decrypt(cdn, null, metadata, out))
                        .isInstanceOfSatisfying(MediaException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.ENCRYPTED_HASH_MISMATCH));
                default -> {
                    long size = cipher.decrypt(cdn, null, metadata, out);
                    byte[] expected = Base64.getDecoder().decode(vector.get("plaintext_b64").asText());
                    assertThat(Files.readAllBytes(out)).as(name).isEqualTo(expected);
                    assertThat(size).isEqualTo(expected.length);
                }
            }
            if (vector.get("expect").asText().startsWith("rejected")) {
                assertThat(out).as("no plaintext is left behind").doesNotExist();
            }
        }
    }

    @Test
    void badPaddingIsCaughtAfterTheHmacPasses() throws Exception {
        byte[] key = new byte[32];
        byte[] hmacKey = new byte[32];
        byte[] iv = new byte[16];
        Arrays.fill(key, (byte) 1);
        Arrays.fill(hmacKey, (byte) 2);
        Cipher raw = Cipher.getInstance("AES/CBC/NoPadding");
        raw.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        byte[] block = new byte[16];
        block[15] = 0x55; // not a PKCS#7 padding byte
        byte[] ciphertext = raw.doFinal(block);

        var metadata = new EncryptionMetadata(key, hmacKey, iv, new byte[32], new byte[32]);
        byte[] file = withMac(ciphertext, hmacKey, iv);
        Path cdn = Files.write(dir.resolve("padding.enc"), file);
        Path out = dir.resolve("padding.out");

        assertThatThrownBy(() -> cipher.decrypt(cdn, sha256(file), metadataWithHash(metadata, sha256(file)), out))
                .isInstanceOfSatisfying(MediaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PADDING));
        assertThat(out).doesNotExist();
    }

    @Test
    void aPlaintextThatIsNotTheAnnouncedOneIsRejected() throws Exception {
        byte[] key = new byte[32];
        byte[] hmacKey = new byte[32];
        byte[] iv = new byte[16];
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        byte[] file = withMac(aes.doFinal("a photo".getBytes()), hmacKey, iv);
        Path cdn = Files.write(dir.resolve("swapped.enc"), file);
        var metadata = new EncryptionMetadata(key, hmacKey, iv, sha256(file), sha256("another photo".getBytes()));

        assertThatThrownBy(() -> cipher.decrypt(cdn, null, metadata, dir.resolve("swapped.out")))
                .isInstanceOfSatisfying(MediaException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PLAINTEXT_HASH_MISMATCH));
        assertThat(dir.resolve("swapped.out")).doesNotExist();
    }

    @Test
    void metadataWithWrongSizesIsInvalid() {
        var metadata = new HashMap<String, Object>(Map.of("encryption_key", "AAAA", "hmac_key", "AAAA", "iv", "AAAA",
                "encrypted_hash", "AAAA", "plaintext_hash", "AAAA"));

        assertThatThrownBy(() -> EncryptionMetadata.parse(metadata))
                .isInstanceOfSatisfying(MediaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA))
                .hasMessage("encryption_metadata.encryption_key is 3 bytes, expected 32");
    }

    private static EncryptionMetadata metadataWithHash(EncryptionMetadata m, byte[] encryptedHash) {
        return new EncryptionMetadata(m.encryptionKey(), m.hmacKey(), m.iv(), encryptedHash, m.plaintextHash());
    }

    private static byte[] withMac(byte[] ciphertext, byte[] hmacKey, byte[] iv) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
        mac.update(iv);
        byte[] trailer = Arrays.copyOf(mac.doFinal(ciphertext), 10);
        byte[] file = Arrays.copyOf(ciphertext, ciphertext.length + 10);
        System.arraycopy(trailer, 0, file, ciphertext.length, 10);
        return file;
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static EncryptionMetadata metadata(JsonNode node) throws MediaException {
        var map = new HashMap<String, Object>();
        node.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        return EncryptionMetadata.parse(map);
    }
}
