package io.flowgate.http;

import io.flowgate.core.port.in.IssueFlowToken;
import io.flowgate.core.port.in.ReceiveWebhook;
import io.flowgate.core.port.out.JsonCodec;
import io.helidon.http.BadRequestException;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/** Routes whose use cases throw, on a real Helidon server with the error mapping registered. */
class ErrorMappingTest {

    /** What a failing JDBC store throws, message and all: the message must reach neither client nor log. */
    private static final String STORE_MESSAGE = "ERROR: relation \"sessions\" does not exist; value 447700900123";

    private final List<String> log = new ArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public synchronized void publish(LogRecord record) {
            log.add(record.getLevel() + " " + formatter.formatMessage(record)
                    + (record.getThrown() == null ? "" : " thrown=" + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger errorLogger = Logger.getLogger(ErrorMapping.class.getName());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WebServer server;

    @BeforeEach
    void start() {
        errorLogger.addHandler(capture);
        IssueFlowToken failingTokens = new IssueFlowToken() {
            @Override
            public IssuedToken issue(String flowId, String waId, Optional<Duration> ttl, Map<String, Object> context) {
                throw new IllegalStateException(STORE_MESSAGE);
            }

            @Override
            public boolean attachMessageId(String flowId, String flowToken, String messageId) {
                throw new IllegalStateException(STORE_MESSAGE);
            }
        };
        ReceiveWebhook failingWebhook = new ReceiveWebhook() {
            @Override
            public Outcome receive(byte[] rawBody, String signatureHeader) {
                throw new IllegalStateException(STORE_MESSAGE);
            }

            @Override
            public Optional<String> verifySubscription(String mode, String verifyToken, String challenge) {
                throw new NoClassDefFoundError("com/example/Missing");
            }
        };
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(routing -> {
                    ErrorMapping.register(routing);
                    routing.register("/api", new AdminRoutes(failingTokens, new OneObjectJson(), "admin-token-of-this-test",
                            new BodyReader(AdminRoutes.MAX_BODY, Duration.ofSeconds(5))));
                    routing.register("/webhook", new WebhookRoutes(failingWebhook,
                            new BodyReader(1024, Duration.ofSeconds(5)), () -> {
                            }));
                    routing.post("/refused", (request, response) -> {
                        throw new BadRequestException("header 'X' is '447700900123'");
                    });
                })
                .build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
        errorLogger.removeHandler(capture);
    }

    @Test
    void aStorageFailureInTheAdminApiIsAJson500WithTheRequestIdOfItsLogLine() throws Exception {
        var answer = send(HttpRequest.newBuilder(uri("/api/flows/demo/tokens")).header("Authorization", "Bearer admin-token-of-this-test")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertServerFailure(answer, "POST /api", "java.lang.IllegalStateException");
    }

    @Test
    void aStorageFailureInTheWebhookIsAJson500WithTheRequestIdOfItsLogLine() throws Exception {
        var answer = send(HttpRequest.newBuilder(uri("/webhook")).POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertServerFailure(answer, "POST /webhook", "java.lang.IllegalStateException");
    }

    @Test
    void anErrorThatIsNoExceptionIsMappedToo() throws Exception {
        var answer = send(HttpRequest.newBuilder(uri("/webhook?hub.mode=subscribe")).GET());

        assertServerFailure(answer, "GET /webhook", "java.lang.NoClassDefFoundError");
    }

    @Test
    void theWebServersOwnHttpExceptionsKeepTheirStatus() throws Exception {
        var answer = send(HttpRequest.newBuilder(uri("/refused")).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).startsWith("{\"error\":\"Bad Request\",\"request_id\":\"").doesNotContain("447700900123");
        assertThat(log).singleElement().asString().startsWith("WARNING req=").contains("status=400")
                .doesNotContain("447700900123");
    }

    private void assertServerFailure(HttpResponse<String> answer, String route, String type) {
        String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                value -> assertThat(value).startsWith("application/json"));
        assertThat(answer.body()).isEqualTo("{\"error\":\"The server failed unexpectedly; its log names the cause"
                + " under this request_id.\",\"request_id\":\"" + requestId + "\"}");
        assertThat(log).singleElement().asString()
                .startsWith("SEVERE req=" + requestId + " " + route + " status=500")
                .contains(type + " at io.flowgate.")
                .doesNotContain("relation", "447700900123", "com/example/Missing", "thrown=");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** Every body reads as one valid token request; answers are written as Map.toString. */
    private static final class OneObjectJson implements JsonCodec {
        @Override
        public Map<String, Object> readObject(byte[] utf8Json) {
            return Map.of("wa_id", "447700900123");
        }

        @Override
        public byte[] writeObject(Map<String, Object> object) {
            return object.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
