package io.flowgate.app;

import io.flowgate.core.domain.LogLimiter;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** What clients can do to the log: forge lines with the values they choose, or flood it with failures. */
class LogLinesTest {

    private CapturedLogs logs;

    @BeforeEach
    void captureLogs() {
        logs = CapturedLogs.of("");
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @TempDir
    Path home;


    @Test
    void valuesAClientChoseCannotForgeLinesOrFields() throws Exception {
        try (var server = TestServers.start(home, Map.of())) {
            var client = new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                    WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));
            assertThat(client.send("booking", payload("data_exchange", "S\nreq=forged status=200",
                    Map.of("error", "key\" forged=\"1"), "some-token")).status()).isEqualTo(200);
            var verification = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/webhook?hub.mode=%0Areq%3Dforged&hub.verify_token=x&hub.challenge=c")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(verification.statusCode()).isEqualTo(403);
        }
        List<String> logged = snapshot();
        assertThat(logged).anySatisfy(line -> assertThat(line)
                .contains("on screen S?req?forged?status?200: key??forged??1"));
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("(mode ?req?forged,"));
        assertThat(logged).noneMatch(line -> line.contains("\nreq=forged") || line.contains("forged=\""));
    }

    @Test
    void aFloodOfFailuresWritesABoundedNumberOfLines() throws Exception {
        int requests = 300;
        try (var server = TestServers.start(home, Map.of())) {
            var http = HttpClient.newHttpClient();
            for (int i = 0; i < requests; i++) {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                + "/flows/no-such-flow")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(response.statusCode()).isEqualTo(404);
            }
        }
        long failureLines = snapshot().stream().filter(line -> line.contains("flow=no-such-flow")).count();
        // The requests take well under three intervals, and each interval lets its first lines through.
        assertThat(failureLines).isPositive().isLessThanOrEqualTo(3L * LogLimiter.DEFAULT_LINES_PER_INTERVAL);
    }

    @Test
    void answeredRequestsAreNotLimitedWhenTheirLinesAreSwitchedOn() throws Exception {
        Logger endpointLog = Logger.getLogger("io.flowgate.core.service.FlowEndpointService");
        endpointLog.setLevel(Level.FINE);
        int pings = LogLimiter.DEFAULT_LINES_PER_INTERVAL + 10;
        try (var server = TestServers.start(home, Map.of())) {
            var client = new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                    WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));
            for (int i = 0; i < pings; i++) {
                assertThat(client.send("booking", payload("ping", null, null, null)).status()).isEqualTo(200);
            }
        } finally {
            endpointLog.setLevel(null);
        }
        assertThat(snapshot().stream().filter(line -> line.contains("status=200"))).hasSize(pings);
    }

    private List<String> snapshot() {
        return logs.messages();
    }
}
