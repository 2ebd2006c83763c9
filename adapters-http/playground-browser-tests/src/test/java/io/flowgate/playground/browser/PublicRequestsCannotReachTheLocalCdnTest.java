package io.flowgate.playground.browser;

import io.flowgate.testkit.WhatsAppMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local CDN is admitted for the playground's own requests only: the same upload, named by a correctly
 * signed request on the public listener, is refused before any download, while through the playground's endpoint
 * the plugin reads it. No browser needed: the testkit's WhatsApp client plays the page.
 */
class PublicRequestsCannotReachTheLocalCdnTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static PlaygroundServer server;

    @BeforeAll
    static void start() {
        server = PlaygroundServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPublicRequestNamingTheLocalCdnIsRefusedAndThePlaygroundsIsServed() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cdn-test"));
        byte[] jpeg = new byte[4_000];
        new Random(3).nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        var encrypted = WhatsAppMedia.encrypt(Files.write(dir.resolve("photo.jpg"), jpeg), dir.resolve("photo.cdn"));
        var upload = HTTP.send(HttpRequest.newBuilder(URI.create(server.playground() + "/api/media"))
                .POST(HttpRequest.BodyPublishers.ofFile(encrypted.cdnFile())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(200);
        String cdnUrl = upload.body().replaceAll(".*\"cdn_url\":\"([^\"]+)\".*", "$1");
        assertThat(cdnUrl).startsWith(server.server().managementUri() + "/playground/cdn/");
        var item = encrypted.item("790aba14-0001", cdnUrl, "photo.jpg");
        var whatsApp = server.server().whatsApp();

        var publicReply = whatsApp.send("id-document", payload("data_exchange", "UPLOAD",
                Map.of("photo", List.of(item)), server.server().issueToken("id-document")));

        assertThat(publicReply.status()).isEqualTo(200);
        assertThat(publicReply.screen()).isEqualTo("UPLOAD");
        assertThat(publicReply.data()).as("MediaException HOST_NOT_ALLOWED's message, before any download")
                .containsEntry("error_message", "This file could not be downloaded. Please upload it again.");
        assertThat(server.logLines()).noneSatisfy(line -> assertThat(line).contains("photo_bytes"));

        // The page's way: the same envelope, unsigned, to the playground's endpoint on the management listener.
        var sealed = whatsApp.seal(payload("data_exchange", "UPLOAD", Map.of("photo", List.of(item)),
                server.server().issueToken("id-document")));
        var playgroundReply = HTTP.send(HttpRequest.newBuilder(URI.create(server.playground() + "/endpoint/id-document"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(sealed.body()))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(playgroundReply.statusCode()).as(playgroundReply.body()).isEqualTo(200);
        Map<String, Object> answer = whatsApp.decrypt(playgroundReply.body(), sealed);
        assertThat(answer.get("screen")).isEqualTo("SUCCESS");
        assertThat(answer.toString()).contains("photo_bytes=4000");
    }
}
