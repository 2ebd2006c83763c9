package io.flowgate.app;

import com.sun.net.httpserver.HttpServer;
import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.PhotoPlugin;
import io.flowgate.testkit.WhatsAppClient;
import io.flowgate.testkit.WhatsAppMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** Uploads end to end: a local HTTP server plays WhatsApp's CDN; the plugin stores what passes the checks. */
class MediaTest {

    @TempDir
    Path home;
    private HttpServer cdn;
    private final Map<String, byte[]> cdnFiles = new ConcurrentHashMap<>();
    private FlowgateServer server;
    private WhatsAppClient whatsApp;

    @BeforeEach
    void start() throws Exception {
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        cdn.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/slow")) {
                exchange.sendResponseHeaders(200, 100_000);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(new byte[10]);
                    out.flush();
                    Thread.sleep(8_000);
                } catch (InterruptedException | java.io.IOException e) {
                    // the client gave up, as it should
                }
            } else if (path.startsWith("/elsewhere")) {
                exchange.getResponseHeaders().add("Location", "http://localhost:" + cdn.getAddress().getPort() + "/f/x");
                exchange.sendResponseHeaders(302, -1);
            } else if (cdnFiles.containsKey(path)) {
                byte[] body = cdnFiles.get(path);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        cdn.start();
        Path plugins = home.resolve("plugins");
        TestJarsAccess.jar(plugins.resolve("photos.jar"), PhotoPlugin.class.getName(), PhotoPlugin.class);
        server = startServer();
        whatsApp = new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));
    }

    private FlowgateServer startServer() throws Exception {
        return TestServers.start(home, Map.of("FLOWGATE_TOKENS_MODE", "open",
                "FLOWGATE_MEDIA_ALLOWED_HOSTS", "127.0.0.1", "FLOWGATE_MEDIA_INSECURE_HOSTS", "127.0.0.1",
                "FLOWGATE_MEDIA_MAX_BYTES", "100000", "FLOWGATE_MEDIA_TIMEOUT", "PT2S"));
    }

    @AfterEach
    void stop() {
        server.close();
        cdn.stop(0);
    }

    @Test
    void aVerifiedPhotoIsStoredAndNothingTemporaryIsLeft() throws Exception {
        byte[] photo = randomBytes(30_000);
        var encrypted = upload("/f/photo.jpg", photo);

        var reply = send(List.of(encrypted.item("m1", cdnUrl("/f/photo.jpg"), "IMG_1.jpg")));

        assertThat(reply.screen()).isEqualTo("SUCCESS");
        String id = reply.data().toString().replaceAll(".*stored=\\[([A-Za-z0-9_-]+)].*", "$1");
        assertThat(Files.readAllBytes(home.resolve("data/media").resolve(id))).isEqualTo(photo);
        try (var left = Files.list(home.resolve("data/media/.tmp"))) {
            assertThat(left).as("temporary files").isEmpty();
        }
    }

    @Test
    void eachFailedCheckReachesThePluginAsItsReason() throws Exception {
        var good = upload("/f/good.bin", randomBytes(2_000));
        byte[] tampered = Files.readAllBytes(good.cdnFile());
        tampered[100] ^= 1;
        cdnFiles.put("/f/tampered.bin", tampered);
        var big = upload("/f/big.bin", randomBytes(150_000));

        assertThat(reasonFor(good.item("m", cdnUrl("/f/tampered.bin"), "x"))).isEqualTo("ENCRYPTED_HASH_MISMATCH");
        assertThat(reasonFor(big.item("m", cdnUrl("/f/big.bin"), "x"))).isEqualTo("TOO_LARGE");
        assertThat(reasonFor(good.item("m", "http://localhost:" + cdn.getAddress().getPort() + "/f/good.bin", "x")))
                .isEqualTo("HOST_NOT_ALLOWED");
        assertThat(reasonFor(good.item("m", cdnUrl("/elsewhere"), "x"))).isEqualTo("DOWNLOAD_FAILED");
        assertThat(reasonFor(good.item("m", cdnUrl("/f/missing.bin"), "x"))).isEqualTo("DOWNLOAD_FAILED");
        assertThat(reasonFor(Map.of("media_id", "m", "cdn_url", cdnUrl("/f/good.bin")))).isEqualTo("INVALID_METADATA");
        var stalled = send(List.of(good.item("m", cdnUrl("/slow"), "x")));
        assertThat(stalled.data()).as("a CDN that stalls mid-body is cut by the download deadline")
                .containsEntry("reason", "DOWNLOAD_FAILED")
                .hasEntrySatisfying("detail", detail -> assertThat((String) detail).contains("took longer than PT2S"));
        try (var left = Files.list(home.resolve("data/media/.tmp"))) {
            assertThat(left).as("temporary files after failures").isEmpty();
        }
    }

    @Test
    void filesACrashLeftInTheTemporaryFolderAreDeletedAtStartup() throws Exception {
        server.close();
        Path leftover = Files.write(Files.createDirectories(home.resolve("data/media/.tmp")).resolve("cdn-4711.enc"),
                new byte[1_000]);
        Path stored = Files.write(home.resolve("data/media").resolve("AAAAAAAAAAAAAAAAAAAAAA"), new byte[10]);

        server = startServer();

        assertThat(leftover).doesNotExist();
        assertThat(stored).as("stored uploads are not temporary").exists();
    }

    @Test
    void theUserSeesAMessageTheyCanActOn() throws Exception {
        var big = upload("/f/big2.bin", randomBytes(150_000));

        var reply = send(List.of(big.item("m", cdnUrl("/f/big2.bin"), "huge.pdf")));

        assertThat(reply.screen()).isEqualTo("UPLOAD");
        assertThat(reply.data()).containsEntry("error_message", "This file is too large. Please choose a smaller one.");
    }

    private String reasonFor(Map<String, Object> item) {
        var reply = send(List.of(item));
        assertThat(reply.screen()).isEqualTo("UPLOAD");
        return (String) reply.data().get("reason");
    }

    private WhatsAppClient.Reply send(List<Map<String, Object>> photos) {
        return whatsApp.send("photos", payload("data_exchange", "UPLOAD", Map.of("photo", photos),
                "photo-token-" + System.nanoTime()));
    }

    private WhatsAppMedia.Encrypted upload(String path, byte[] content) throws Exception {
        Path plain = Files.write(home.resolve("plain-" + path.replace('/', '_')), content);
        var encrypted = WhatsAppMedia.encrypt(plain, home.resolve("cdn-" + path.replace('/', '_')));
        cdnFiles.put(path, Files.readAllBytes(encrypted.cdnFile()));
        return encrypted;
    }

    private String cdnUrl(String path) {
        return "http://127.0.0.1:" + cdn.getAddress().getPort() + path;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
