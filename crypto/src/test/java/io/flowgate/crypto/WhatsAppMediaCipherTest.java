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
                case "bad-hmac" -> assertThatThrownBy(() -> decrypt(cdn, metadata, out))
                        .isInstanceOfSatisfying(MediaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HMAC_MISMATCH));
                case "bad-encrypted-hash" -> assertThatThrownBy(() -> decrypt(cdn, metadata, out))
                        .isInstanceOfSatisfying(MediaException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.ENCRYPTED_HASH_MISMATCH));
                default -> {
                    long size = decrypt(cdn, metadata, out);
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

        assertThatThrownBy(() -> decrypt(cdn, metadataWithHash(metadata, sha256(file)), out))
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

        assertThatThrownBy(() -> decrypt(cdn, metadata, dir.resolve("swapped.out")))
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

    @Test
    void everyWayTheStreamArrivesInPiecesGivesTheSamePlaintextWithBothProviders() throws Exception {
        byte[] key = new byte[32];
        byte[] hmacKey = new byte[32];
        byte[] iv = new byte[16];
        var random = new java.util.Random(7);
        random.nextBytes(key);
        random.nextBytes(hmacKey);
        random.nextBytes(iv);
        byte[] plaintext = new byte[300_001]; // spans several 64 KiB chunks and ends mid-block
        random.nextBytes(plaintext);
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        byte[] file = withMac(aes.doFinal(plaintext), hmacKey, iv);
        var metadata = new EncryptionMetadata(key, hmacKey, iv, sha256(file), sha256(plaintext));

        var nativeProvider = CryptoProviders.choose(CryptoProviders.Preference.AUTO).provider();
        assertThat(nativeProvider).as("the native provider loads on this machine").isNotNull();
        for (var provider : java.util.Arrays.asList(null, nativeProvider)) {
            var withProvider = new WhatsAppMediaCipher(provider);
            // reads of 1, 9, 10, 11 bytes put the trailer's boundary everywhere; random sizes mix it up
            for (int maxRead : new int[]{1, 9, 10, 11, 4096, 70_000, 0}) {
                Path out = dir.resolve("pieces-" + maxRead + ".out");
                var pieces = new Trickle(file, maxRead, random);
                long size = withProvider.decrypt(pieces, metadata, out);
                assertThat(size).as("provider %s, reads of at most %d", provider, maxRead).isEqualTo(plaintext.length);
                assertThat(Files.readAllBytes(out)).as("provider %s, reads of at most %d", provider, maxRead)
                        .isEqualTo(plaintext);
            }
        }
    }

    @Test
    void aFailingDownloadPassesItsIOExceptionThroughAndLeavesNoPlaintext() throws Exception {
        byte[] file = new byte[200_000];
        var metadata = new EncryptionMetadata(new byte[32], new byte[32], new byte[16], new byte[32], new byte[32]);
        Path out = dir.resolve("cut.out");
        var cut = new java.io.FilterInputStream(new java.io.ByteArrayInputStream(file)) {
            private int served;

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (served > 100_000) {
                    throw new java.io.IOException("connection reset");
                }
                int read = super.read(b, off, len);
                served += Math.max(read, 0);
                return read;
            }
        };

        assertThatThrownBy(() -> cipher.decrypt(cut, metadata, out))
                .isInstanceOf(java.io.IOException.class).hasMessage("connection reset");
        assertThat(out).as("the partial plaintext").doesNotExist();
    }

    @Test
    void anInterruptedDownloadStopsBothStagesAndLeavesNoPlaintext() throws Exception {
        var metadata = new EncryptionMetadata(new byte[32], new byte[32], new byte[16], new byte[32], new byte[32]);
        Path out = dir.resolve("interrupted.out");
        var servedAMegabyte = new java.util.concurrent.CountDownLatch(1);
        var stalls = new java.io.InputStream() {
            private int served;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (served >= 1 << 20) {
                    servedAMegabyte.countDown();
                    try {
                        Thread.sleep(60_000); // a CDN that stopped sending
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException("the download's deadline passed");
                    }
                }
                int read = Math.min(len, 64 * 1024);
                served += read;
                return read;
            }
        };
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread download = Thread.ofVirtual().start(() -> {
            try {
                cipher.decrypt(stalls, metadata, out);
            } catch (Throwable e) {
                failure.set(e);
            }
        });

        assertThat(servedAMegabyte.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("the plaintext is written while the file arrives").exists();
        download.interrupt();
        download.join(java.time.Duration.ofSeconds(10));

        assertThat(download.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(java.io.InterruptedIOException.class);
        assertThat(out).as("the partial plaintext, closed by its stage and deleted").doesNotExist();
    }

    @Test
    void aFileShorterThanItsTrailerIsNotAnUpload() throws Exception {
        byte[] file = new byte[7];
        var metadata = new EncryptionMetadata(new byte[32], new byte[32], new byte[16], sha256(file), new byte[32]);
        Path out = dir.resolve("short.out");

        assertThatThrownBy(() -> cipher.decrypt(new java.io.ByteArrayInputStream(file), metadata, out))
                .isInstanceOfSatisfying(MediaException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HMAC_MISMATCH);
                    assertThat(e.getMessage()).contains("7 bytes");
                });
        assertThat(out).doesNotExist();
    }

    /** Serves a file in reads of at most {@code maxRead} bytes (0: random sizes up to 100,000). */
    private static final class Trickle extends java.io.InputStream {
        private final byte[] bytes;
        private final int maxRead;
        private final java.util.Random random;
        private int position;

        Trickle(byte[] bytes, int maxRead, java.util.Random random) {
            this.bytes = bytes;
            this.maxRead = maxRead;
            this.random = random;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == bytes.length) {
                return -1;
            }
            int most = maxRead > 0 ? maxRead : 1 + random.nextInt(100_000);
            int n = Math.min(Math.min(len, most), bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }

    private long decrypt(Path cdnFile, EncryptionMetadata metadata, Path out) throws Exception {
        try (var in = Files.newInputStream(cdnFile)) {
            return cipher.decrypt(in, metadata, out);
        }
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
