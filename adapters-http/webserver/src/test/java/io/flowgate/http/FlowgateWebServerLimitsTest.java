package io.flowgate.http;

import io.flowgate.core.domain.EndpointReply;
import io.flowgate.core.domain.EndpointStatus;
import io.flowgate.core.port.in.ReceiveWebhook;
import io.flowgate.core.port.in.ServeFlowEndpoint;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listeners' caps and their death, on a real server with small limits; raw sockets on loopback. */
class FlowgateWebServerLimitsTest {

    private static final byte[] WEBHOOK_GET = "GET /webhook?hub.mode=subscribe HTTP/1.1\r\nHost: x\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final ReceiveWebhook NO_WEBHOOK = new ReceiveWebhook() {
        @Override
        public Outcome receive(byte[] rawBody, String signatureHeader) {
            return Outcome.ACCEPTED;
        }

        @Override
        public Optional<String> verifySubscription(String mode, String verifyToken, String challenge) {
            return Optional.empty();
        }
    };

    @Test
    void aClientBeyondTheConnectionCapWaitsUntilAnotherConnectionCloses() throws Exception {
        try (var server = start(new FlowgateWebServer.Limits(2, 100, 500), ok(), listener -> { })) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Socket socket = connect(server.publicPort());
                    held.add(socket);
                    socket.getOutputStream().write(WEBHOOK_GET);
                    assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 403");
                }
                try (Socket third = connect(server.publicPort())) {
                    third.getOutputStream().write(WEBHOOK_GET);
                    third.setSoTimeout(1_500);
                    assertThatThrownBy(() -> third.getInputStream().read())
                            .as("the third connection is not served while two are open")
                            .isInstanceOf(SocketTimeoutException.class);

                    held.removeFirst().close();
                    third.setSoTimeout(10_000);
                    assertThat(readHead(third.getInputStream())).startsWith("HTTP/1.1 403");
                }
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aRequestBeyondTheConcurrencyLimitGets503AndTheOneInFlightCompletes() throws Exception {
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        ServeFlowEndpoint blocking = request -> {
            entered.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return EndpointReply.encrypted(EndpointStatus.OK, "done");
        };
        try (var server = start(new FlowgateWebServer.Limits(100, 100, 1), blocking, listener -> { });
             Socket first = connect(server.publicPort());
             Socket second = connect(server.publicPort())) {
            first.getOutputStream().write(post("/flows/a"));
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("the first request reached the endpoint").isTrue();

            second.getOutputStream().write(post("/flows/b"));
            assertThat(readHead(second.getInputStream())).startsWith("HTTP/1.1 503");

            release.countDown();
            assertThat(readHead(first.getInputStream())).startsWith("HTTP/1.1 200");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aListenerThatStopsAcceptingIsReportedByName() throws Exception {
        var died = new CompletableFuture<String>();
        try (var server = start(FlowgateWebServer.Limits.DEFAULTS, ok(), died::complete)) {
            // Interrupting the thread blocked in accept closes its server channel: accept fails, as it does when
            // the process runs out of file descriptors, and Helidon closes the listener for good.
            var management = new FlowgateWebServer.Address("127.0.0.1", server.managementPort());
            assertThat(ListenerWatch.listening(new FlowgateWebServer.Address("127.0.0.1", server.publicPort())))
                    .as("a live Helidon listener counts as listening").isTrue();
            assertThat(ListenerWatch.listening(management)).isTrue();
            listenerThread("server-management-listener").interrupt();
            assertThat(died.get(10, TimeUnit.SECONDS)).isEqualTo("management");
            assertThat(ListenerWatch.listening(management)).isFalse();
            assertThatThrownBy(() -> connect(server.managementPort()).close()).isInstanceOf(IOException.class);
        }
    }

    private static FlowgateWebServer start(FlowgateWebServer.Limits limits, ServeFlowEndpoint endpoint,
                                           java.util.function.Consumer<String> onListenerDied) throws Exception {
        var settings = new FlowgateWebServer.Settings(Config.empty(), new FlowgateWebServer.Address("127.0.0.1", 0),
                new FlowgateWebServer.Address("127.0.0.1", 0), Duration.ofSeconds(5), Duration.ofSeconds(1), limits,
                Duration.ofMillis(100));
        var routes = new FlowgateWebServer.Routes(
                new FlowEndpointRoutes(endpoint, new BodyReader(1024, Duration.ofSeconds(5)), Duration.ofSeconds(30)),
                new WebhookRoutes(NO_WEBHOOK, new BodyReader(1024, Duration.ofSeconds(5)), () -> { }), Map.of());
        return FlowgateWebServer.start(settings, routes, onListenerDied);
    }

    private static ServeFlowEndpoint ok() {
        return request -> EndpointReply.encrypted(EndpointStatus.OK, "ok");
    }

    private static Thread listenerThread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name));
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] post(String path) {
        return ("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);
    }

    /** The status line and headers, up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
