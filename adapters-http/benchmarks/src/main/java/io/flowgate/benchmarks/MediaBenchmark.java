package io.flowgate.benchmarks;

import io.flowgate.core.service.MediaService;
import io.flowgate.crypto.CryptoProviders;
import io.flowgate.crypto.WhatsAppMediaCipher;
import io.flowgate.cdn.HttpMediaDownloader;
import io.flowgate.spi.FlowMedia;
import io.flowgate.storage.media.FilesystemMediaStore;
import io.flowgate.testkit.WhatsAppMedia;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Download + verify + decrypt of a 25 MiB upload through the server's own MediaService, from a CDN played
 * by a local HTTP server on loopback. Prints MB/s (1 MB = 10^6 bytes, as openssl speed counts).
 *
 * <p>Usage: {@code MediaBenchmark [rounds [warm-up seconds]]} (16 rounds after 10 s of warm-up by default)
 */
public final class MediaBenchmark {

    private static final int SIZE = 25 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    /** The provider the server chooses by default (flowgate.crypto.provider=auto): the native one where it loads. */
    private static final java.security.Provider PROVIDER = CryptoProviders.choose(CryptoProviders.Preference.AUTO).provider();

    private MediaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        HttpMediaDownloader.useLargeReadBuffers(); // as the server's main does
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        double warmUpSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        Path work = Files.createTempDirectory("flowgate-media-bench");
        Path plain = work.resolve("upload.bin");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(1);
        try (OutputStream out = Files.newOutputStream(plain)) {
            for (int i = 0; i < SIZE / chunk.length; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        var encrypted = WhatsAppMedia.encrypt(plain, work.resolve("upload.enc"));
        byte[] cdnBytes = Files.readAllBytes(encrypted.cdnFile());
        try (var cdn = new LoopbackCdn(encrypted.cdnFile())) {
            Path temp = work.resolve("tmp");
            var media = new MediaService(new HttpMediaDownloader(List.of("127.0.0.1"), List.of("127.0.0.1"),
                    Duration.ofSeconds(60)), new WhatsAppMediaCipher(PROVIDER), new FilesystemMediaStore(work.resolve("store")), temp,
                    MediaService.Limits.defaults(30L << 20));
            FlowMedia upload = media.media(encrypted.item("bench", "http://127.0.0.1:" + cdn.port() + "/u",
                    "upload.bin"));
            // A server downloads for hours: the figure is the steady state, after the JIT has compiled the path.
            // With 2 warm-up rounds the compiler threads took a quarter of the CPU of the measured ones, and
            // after 12 (about 1 s) the JIT was still compiling the path (-XX:+PrintCompilation): hence a time.
            long warmUpEnds = System.nanoTime() + (long) (warmUpSeconds * 1e9);
            while (System.nanoTime() < warmUpEnds) {
                consume(upload);
            }
            long rssBefore = rssKib();
            double cpuBefore = ProcessCpu.ownSeconds(); // the CDN played here included, as well as the plugin's read
            long cdnCpuBefore = cdn.cpuNanos();
            long started = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                consume(upload);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = ProcessCpu.ownSeconds() - cpuBefore;
            double cdnCpuSeconds = (cdn.cpuNanos() - cdnCpuBefore) / 1e9;
            long rssAfter = rssKib();
            double floor = floorMbPerSecond(cdnBytes);
            double rate = rounds * (double) cdnBytes.length / 1e6 / seconds;
            System.out.printf("FIGURES provider=" + (PROVIDER == null ? "jdk" : "native") + " media_mb_per_s=%.1f floor_mb_per_s=%.1f share_of_floor=%.2f file_mib=25 rounds=%d"
                            + " seconds=%.2f cpu_ns_per_byte=%.2f cdn_cpu_ns_per_byte=%.2f cores_busy=%.2f rss_mib_before=%d rss_mib_after=%d%n",
                    rate, floor, rate / floor, rounds, seconds, cpuSeconds * 1e9 / (rounds * (double) cdnBytes.length),
                    cdnCpuSeconds * 1e9 / (rounds * (double) cdnBytes.length),
                    cpuSeconds / seconds, rssBefore / 1024, rssAfter / 1024);
        }
    }

    /**
     * The cryptographic floor, measured here rather than taken from openssl: two SHA-256 passes (the file and
     * the plaintext) and one HMAC-SHA256 pass over the same bytes, with the provider the media path uses (the
     * JDK's where it has none), best of five, in MB/s of the file.
     */
    private static double floorMbPerSecond(byte[] bytes) throws Exception {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long started = System.nanoTime();
            for (int pass = 0; pass < 2; pass++) {
                MessageDigest sha = PROVIDER == null ? MessageDigest.getInstance("SHA-256")
                        : MessageDigest.getInstance("SHA-256", PROVIDER);
                for (int offset = 0; offset < bytes.length; offset += CHUNK) {
                    sha.update(bytes, offset, Math.min(CHUNK, bytes.length - offset));
                }
                sha.digest();
            }
            Mac hmac = PROVIDER == null ? Mac.getInstance("HmacSHA256") : Mac.getInstance("HmacSHA256", PROVIDER);
            hmac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            for (int offset = 0; offset < bytes.length; offset += CHUNK) {
                hmac.update(bytes, offset, Math.min(CHUNK, bytes.length - offset));
            }
            hmac.doFinal();
            best = Math.min(best, (System.nanoTime() - started) / 1e9);
        }
        return bytes.length / 1e6 / best;
    }

    /** This process's resident set, from /proc: flat across rounds when nothing is held per download. */
    private static long rssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void consume(FlowMedia upload) throws Exception {
        try (InputStream in = upload.open()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
