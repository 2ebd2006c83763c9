package io.flowgate.app;

import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.BookingPlugin;
import io.flowgate.plugins.loader.fixtures.HangingPlugin;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** One deadline per request, and a plugin that hangs cannot take threads or answers from the other flows. */
class RequestDeadlineTest {

    @TempDir
    Path home;

    @Test
    void aHangingPluginGets500AtTheDeadlineThen503AtOnceWhileTheOtherFlowsAnswer() throws Exception {
        TestJarsAccess.jar(home.resolve("plugins/hangs.jar"), HangingPlugin.class.getName(), HangingPlugin.class);
        TestJarsAccess.jar(home.resolve("plugins/booking.jar"), BookingPlugin.class.getName(), BookingPlugin.class);
        try (var server = TestServers.start(home, Map.of("FLOWGATE_REQUEST_DEADLINE", "PT0.5S",
                "FLOWGATE_PLUGINS_MAX_CONCURRENT_CALLS", "2", "FLOWGATE_TOKENS_MODE", "open"));
             var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            var client = new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                    WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));

            Future<WhatsAppClient.Reply> first = callers.submit(() -> client.send("hangs", payload("INIT", "", Map.of(), "a")));
            Future<WhatsAppClient.Reply> second = callers.submit(() -> client.send("hangs", payload("INIT", "", Map.of(), "b")));
            assertThat(first.get().status()).isEqualTo(500);
            assertThat(second.get().status()).isEqualTo(500);
            assertThat(first.get().body()).isEqualTo("The flow's handler failed; the server log names the cause.");

            // Both slots are still held by the calls that ignored their interrupt.
            var refused = client.send("hangs", payload("INIT", "", Map.of(), "c"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo("The flow's handler is overloaded; try again.");

            var other = client.send("booking", payload("INIT", "", Map.of(), "d"));
            assertThat(other.status()).isEqualTo(200);
            var ping = client.send("hangs", payload("ping", null, null, null));
            assertThat(ping.status()).as("pings never wait for the plugin").isEqualTo(200);
        }
    }
}
