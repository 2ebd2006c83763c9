package io.flowgate.benchmarks;

import io.flowgate.testkit.WhatsAppClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drives a running server with signed data-endpoint requests of about 1 MiB each (the largest body it accepts
 * by default), to see what bursts of large bodies do to its memory. Bodies are sealed once up front, so the
 * client's CPU goes to sending them. Prints the answers by status; measuring memory is up to the caller.
 *
 * <p>Usage: {@code LargeBodies <public-key.pem> <server-url> <flow-id> <app-secret> <seconds> <connections>}
 */
public final class LargeBodies {

    private LargeBodies() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: LargeBodies <public-key.pem> <server-url> <flow-id> <app-secret>"
                    + " <seconds> <connections>");
        }
        var key = WhatsAppClient.publicKeyFromPem(Files.readString(Path.of(args[0])));
        URI server = URI.create(args[1]);
        String flowId = args[2];
        String appSecret = args[3];
        long seconds = Long.parseLong(args[4]);
        int connections = Integer.parseInt(args[5]);
        var client = new WhatsAppClient(server, key);
        // about 740 KB of text becomes about 1,000,000 bytes of base64 once encrypted: just under the 1 MiB limit
        String padding = "x".repeat(740_000);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            bodies.add(client.seal(WhatsAppClient.payload("INIT", "", Map.of("padding", padding),
                    "large-body-token-" + i)).body());
        }
        List<String> signatures = bodies.stream().map(body -> WhatsAppClient.hubSignature(appSecret, body)).toList();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder failures = new LongAdder();
        long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        URI endpoint = server.resolve("/flows/" + flowId);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                int first = c;
                pool.submit(() -> {
                    for (int i = first; System.nanoTime() < until; i++) {
                        int n = i % bodies.size();
                        var request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(15))
                                .header("Content-Type", "application/json")
                                .header("X-Hub-Signature-256", signatures.get(n))
                                .POST(HttpRequest.BodyPublishers.ofString(bodies.get(n))).build();
                        try {
                            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                        } catch (Exception e) {
                            failures.increment();
                        }
                    }
                });
            }
        }
        System.out.println("FIGURES body_bytes=" + bodies.getFirst().length() + " seconds=" + seconds
                + " connections=" + connections + " statuses=" + statuses + " failures=" + failures);
    }
}
