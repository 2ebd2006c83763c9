package io.flowgate.distribution;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/healthcheck, the container's HEALTHCHECK, against a real HTTP server on loopback. */
class HealthcheckTest {

    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> askedFor = new AtomicReference<>();
    private HttpServer management;

    @AfterEach
    void stop() {
        if (management != null) {
            management.stop(0);
        }
    }

    @Test
    void aReadyServerPasses() throws Exception {
        int port = startManagement();

        assertThat(healthcheck(port)).isZero();
        assertThat(askedFor.get()).isEqualTo("/observe/health/ready");
    }

    @Test
    void aServerThatIsNotReadyFails() throws Exception {
        status.set(503);

        assertThat(healthcheck(startManagement())).isEqualTo(1);
    }

    @Test
    void nothingListeningFails() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        assertThat(healthcheck(port)).isEqualTo(1);
    }

    private int startManagement() throws IOException {
        management = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        management.createContext("/", exchange -> {
            askedFor.set(exchange.getRequestURI().getPath());
            byte[] body = "{\"status\":\"UP\"}".getBytes();
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        management.start();
        return management.getAddress().getPort();
    }

    /** The port comes from FLOWGATE_MANAGEMENT_PORT, as in the container where the server reads the same variable. */
    private static int healthcheck(int port) throws Exception {
        var builder = new ProcessBuilder("bash", "src/dist/bin/healthcheck").redirectErrorStream(true);
        builder.environment().put("FLOWGATE_MANAGEMENT_PORT", Integer.toString(port));
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
