package io.flowgate.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.testkit.WhatsAppMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code flowgate decrypt-media} on a 25 MiB upload in a JVM whose heap is smaller than the file. */
class DecryptMediaCommandTest {

    private static final long SIZE = 25L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void a25MiBFilePassesThroughA24MiBHeap() throws Exception {
        Path plain = dir.resolve("scan.pdf");
        MessageDigest original = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(plain)) {
            byte[] chunk = new byte[1 << 20];
            Random random = new Random(25);
            for (long written = 0; written < SIZE; written += chunk.length) {
                random.nextBytes(chunk);
                original.update(chunk);
                out.write(chunk);
            }
        }
        var encrypted = WhatsAppMedia.encrypt(plain, dir.resolve("scan.enc"));
        Path metadata = dir.resolve("metadata.json");
        new ObjectMapper().writeValue(metadata.toFile(), encrypted.encryptionMetadata());
        Path out = dir.resolve("decrypted.pdf");

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "decrypt-media",
                "--metadata", metadata.toString(), "--in", encrypted.cdnFile().toString(), "--out", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("verified and decrypted " + SIZE + " bytes");
        assertThat(sha256(out)).isEqualTo(HexFormat.of().formatHex(original.digest()));
    }

    @Test
    void aTamperedFileIsRefusedWithItsReasonAndNoOutput() throws Exception {
        Path plain = Files.write(dir.resolve("small.txt"), "hello".getBytes());
        var encrypted = WhatsAppMedia.encrypt(plain, dir.resolve("small.enc"));
        byte[] bytes = Files.readAllBytes(encrypted.cdnFile());
        bytes[bytes.length - 1] ^= 1;
        Files.write(encrypted.cdnFile(), bytes);
        var item = encrypted.item("m", "https://mmg.whatsapp.net/x", "small.txt");
        Path metadata = dir.resolve("item.json");
        new ObjectMapper().writeValue(metadata.toFile(), item);
        // the hash check comes first, so re-announce the tampered file's hash to reach the HMAC check
        @SuppressWarnings("unchecked")
        var meta = (java.util.Map<String, Object>) item.get("encryption_metadata");
        meta.put("encrypted_hash", java.util.Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(bytes)));
        new ObjectMapper().writeValue(metadata.toFile(), item);
        Path out = dir.resolve("never.txt");

        var errors = new java.io.StringWriter();
        int exit = new picocli.CommandLine(new Main()).setErr(new java.io.PrintWriter(errors))
                .execute("decrypt-media", "--metadata", metadata.toString(), "--in", encrypted.cdnFile().toString(),
                        "--out", out.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(errors.toString()).contains("HMAC_MISMATCH");
        assertThat(out).doesNotExist();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
