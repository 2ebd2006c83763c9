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

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meta's 25 MiB limit is on the file the user picked; its encrypted copy on the CDN is up to 26 bytes longer.
 * With the default flowgate.media.max-bytes, exactly 25 MiB passes and one byte more does not.
 */
class MediaSizeLimitTest {

    private static final int LIMIT = 25 * 1024 * 1024;

    @TempDir
    Path home;
    private HttpServer cdn;
    private FlowgateServer server;
    private WhatsAppClient whatsApp;

    @BeforeEach
    void start() throws Exception {
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn.createContext("/", exchange -> {
            Path file = home.resolve("cdn").resolve(exchange.getRequestURI().getPath().substring(1));
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
            exchange.close();
        });
        cdn.start();
        TestJarsAccess.jar(home.resolve("plugins/photos.jar"), PhotoPlugin.class.getName(), PhotoPlugin.class);
        server = TestServers.start(home, Map.of("FLOWGATE_TOKENS_MODE", "open",
                "FLOWGATE_MEDIA_ALLOWED_HOSTS", "127.0.0.1", "FLOWGATE_MEDIA_INSECURE_HOSTS", "127.0.0.1"));
        whatsApp = new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));
    }

    @AfterEach
    void stop() {
        server.close();
        cdn.stop(0);
    }

    @Test
    void anUploadOfExactly25MiBIsStored() throws Exception {
        var upload = upload("exact.bin", LIMIT);
        assertThat(Files.size(upload.cdnFile())).as("the CDN file is longer than the limit").isEqualTo(LIMIT + 26L);

        var reply = send(upload.item("m1", cdnUrl("exact.bin"), "scan.pdf"));

        assertThat(reply.screen()).as(String.valueOf(reply.data())).isEqualTo("SUCCESS");
        String id = reply.data().toString().replaceAll(".*stored=\\[([A-Za-z0-9_-]+)].*", "$1");
        assertThat(Files.size(home.resolve("data/media").resolve(id))).isEqualTo(LIMIT);
    }

    @Test
    void oneByteMoreIsTooLargeAndLeavesNothingBehind() throws Exception {
        var upload = upload("over.bin", LIMIT + 1);
        assertThat(Files.size(upload.cdnFile())).as("as long as the 25 MiB file's").isEqualTo(LIMIT + 26L);

        var reply = send(upload.item("m1", cdnUrl("over.bin"), "scan.pdf"));

        assertThat(reply.screen()).isEqualTo("UPLOAD");
        assertThat(reply.data()).containsEntry("reason", "TOO_LARGE");
        try (var left = Files.list(home.resolve("data/media/.tmp"))) {
            assertThat(left).as("temporary files").isEmpty();
        }
    }

    private WhatsAppMedia.Encrypted upload(String name, int size) throws Exception {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path plain = Files.write(home.resolve(name), content);
        return WhatsAppMedia.encrypt(plain, Files.createDirectories(home.resolve("cdn")).resolve(name));
    }

    private WhatsAppClient.Reply send(Map<String, Object> item) {
        return whatsApp.send("photos", payload("data_exchange", "UPLOAD", Map.of("photo", List.of(item)),
                "size-token-" + System.nanoTime()));
    }

    private String cdnUrl(String name) {
        return "http://127.0.0.1:" + cdn.getAddress().getPort() + "/" + name;
    }
}
