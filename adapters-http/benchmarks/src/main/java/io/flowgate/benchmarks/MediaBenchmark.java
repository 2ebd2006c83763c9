package io.flowgate.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.flowgate.core.service.MediaService;
import io.flowgate.crypto.WhatsAppMediaCipher;
import io.flowgate.cdn.HttpMediaDownloader;
import io.flowgate.spi.FlowMedia;
import io.flowgate.storage.media.FilesystemMediaStore;
import io.flowgate.testkit.WhatsAppMedia;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Download + verify + decrypt of a 25 MiB upload through the server's own MediaService, from a CDN played
 * by a local HTTP server on loopback. Prints MB/s (1 MB = 10^6 bytes, as openssl speed counts).
 *
 * <p>Usage: {@code MediaBenchmark [rounds]}
 */
public final class MediaBenchmark {

    private static final int SIZE = 25 * 1024 * 1024;

    private MediaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
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
        HttpServer cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, cdnBytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(cdnBytes);
            }
        });
        cdn.start();
        try {
            Path temp = work.resolve("tmp");
            var media = new MediaService(new HttpMediaDownloader(List.of("127.0.0.1"), List.of("127.0.0.1"),
                    Duration.ofSeconds(60), temp), new WhatsAppMediaCipher(), new FilesystemMediaStore(work.resolve("store")), temp,
                    MediaService.Limits.defaults(30L << 20));
            FlowMedia upload = media.media(encrypted.item("bench", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/u",
                    "upload.bin"));
            for (int i = 0; i < 2; i++) {
                consume(upload); // warm-up
            }
            long started = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                consume(upload);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("FIGURES media_mb_per_s=%.1f file_mib=25 rounds=%d seconds=%.2f%n",
                    rounds * (double) cdnBytes.length / 1e6 / seconds, rounds, seconds);
        } finally {
            cdn.stop(0);
        }
    }

    private static void consume(FlowMedia upload) throws Exception {
        try (InputStream in = upload.open()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
