package io.flowgate.testkit.server;

import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.BookingPlugin;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowgateTestServerTest {

    @TempDir
    Path dir;

    @Test
    void servesTheJarWithSignedEncryptedRequestsAndIssuedTokensAndCleansUpOnClose() throws Exception {
        Path jar = TestJarsAccess.jar(dir.resolve("booking.jar"), BookingPlugin.class.getName(), BookingPlugin.class);
        Path home;
        try (var server = FlowgateTestServer.start(jar)) {
            home = server.home();
            String token = server.issueToken("booking");

            WhatsAppClient.Reply reply = server.whatsApp().send("booking", payload("INIT", "", Map.of(), token));

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.screen()).isEqualTo("FORM");
            assertThat(server.server().plugins()).singleElement()
                    .satisfies(plugin -> assertThat(plugin.flowId()).isEqualTo("booking"));
            // Production mode: an unsigned request is refused, as Meta's would be without the app secret.
            var unsigned = new WhatsAppClient(server.publicUri(), server.server().publicKey());
            assertThat(unsigned.send("booking", payload("ping", null, null, null)).status()).isEqualTo(432);
            assertThat(server.admin().issueToken("booking", "447700900123", null, null).status()).isIn(200, 201);
        }
        assertThat(Files.exists(home)).isFalse();
    }

    @Test
    void aPluginFolderIsServedWithItsJars() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("booking"));
        TestJarsAccess.jar(folder.resolve("booking.jar"), BookingPlugin.class.getName(), BookingPlugin.class);

        try (var server = FlowgateTestServer.builder().plugin(folder).setting("FLOWGATE_TOKENS_MODE", "open").start()) {
            var reply = server.whatsApp().send("booking", payload("INIT", "", Map.of(), "a-token-made-elsewhere"));

            assertThat(reply.status()).isEqualTo(200);
        }
    }

    @Test
    void aPathThatIsNoPluginIsRefusedWithTheFix() {
        assertThatThrownBy(() -> FlowgateTestServer.start(dir.resolve("target/missing.jar")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.jar is neither a plugin jar nor a folder of jars");
    }

    @Test
    void aServerThatCannotStartSaysWhy() throws Exception {
        Path notAPlugin = Files.write(dir.resolve("empty.jar"), new byte[]{1, 2, 3});

        assertThatThrownBy(() -> FlowgateTestServer.start(notAPlugin))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the test server did not start: ")
                .hasMessageContaining("empty.jar");
    }
}
