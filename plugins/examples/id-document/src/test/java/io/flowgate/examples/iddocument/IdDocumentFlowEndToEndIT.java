package io.flowgate.examples.iddocument;

import com.sun.net.httpserver.HttpServer;
import io.flowgate.testkit.WhatsAppClient;
import io.flowgate.testkit.WhatsAppMedia;
import io.flowgate.testkit.server.FlowgateTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** A photo upload end to end: the real server, the packaged plugin jar, and a local HTTP server as the CDN. */
class IdDocumentFlowEndToEndIT {

    private static Path home;
    private static HttpServer cdn;
    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    private static FlowgateTestServer server;
    private static WhatsAppClient whatsApp;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createTempDirectory("flowgate-id-document");
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn.createContext("/", exchange -> {
            byte[] body = FILES.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        cdn.start();
        server = FlowgateTestServer.builder().plugin(Path.of("target", "id-document.jar"))
                .setting("FLOWGATE_TOKENS_MODE", "open")
                .setting("FLOWGATE_MEDIA_ALLOWED_HOSTS", "127.0.0.1")
                .setting("FLOWGATE_MEDIA_INSECURE_HOSTS", "127.0.0.1")
                .start();
        whatsApp = server.whatsApp();
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        if (server != null) {
            server.close();
        }
        cdn.stop(0);
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void aJpegPhotoIsDownloadedVerifiedAndAccepted() throws Exception {
        byte[] jpeg = new byte[48_000];
        new Random(7).nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;

        var reply = upload("/v/IMG_2041.jpg", jpeg);

        assertThat(reply.screen()).isEqualTo("SUCCESS");
        assertThat(reply.data().toString()).contains("photo_bytes=48000", "format=jpeg", "media_id=790aba14");
    }

    @Test
    void somethingThatIsNotAPhotoIsRefusedOnTheScreen() throws Exception {
        var reply = upload("/v/notes.txt", "just some text".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.screen()).isEqualTo("UPLOAD");
        assertThat(reply.data()).containsEntry("error_message", "Please upload a photo (JPEG or PNG).");
    }

    private static WhatsAppClient.Reply upload(String path, byte[] content) throws Exception {
        Path plain = Files.write(home.resolve("plain-" + path.substring(3)), content);
        var encrypted = WhatsAppMedia.encrypt(plain, home.resolve("cdn-" + path.substring(3)));
        FILES.put(path, Files.readAllBytes(encrypted.cdnFile()));
        var item = encrypted.item("790aba14-" + path.hashCode(), "http://127.0.0.1:" + cdn.getAddress().getPort() + path,
                path.substring(3));
        return whatsApp.send("id-document", payload("data_exchange", "UPLOAD", Map.of("photo", List.of(item)),
                "id-token-" + path.hashCode()));
    }
}
