package io.flowgate.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Clients that hold connections without finishing their requests, on a real server over raw sockets. Every
 * wait is bounded by a socket timeout well above the server's read timeout (PT1S here): a connection the
 * server should cut and does not fails the test instead of hanging it.
 */
class HostileClientsTest {

    private static final Map<String, String> ONE_SECOND = Map.of("FLOWGATE_HTTP_READ_TIMEOUT", "PT1S",
            "FLOWGATE_ADMIN_TOKEN", TestServers.ADMIN_TOKEN);
    private static final int BOUND_MILLIS = 8_000;

    @TempDir
    Path home;

    @Test
    void theSecondRequestOfAKeepAliveConnectionCannotTrickleItsHeadersForEver() throws Exception {
        try (var server = TestServers.start(home, ONE_SECOND); Socket socket = connect(server.port())) {
            send(socket, "GET /webhook?hub.mode=subscribe HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 403");

            send(socket, "GET /webhook HTTP/1.1\r\nHost: x\r\n");
            assertClosedByServer(socket, "a second request whose headers stall");
        }
    }

    @Test
    void connectionsThatNeverSendAByteAreClosedOnBothListeners() throws Exception {
        try (var server = TestServers.start(home, ONE_SECOND);
             Socket toPublic = connect(server.port());
             Socket toManagement = connect(server.managementPort())) {
            assertClosedByServer(toPublic, "a silent connection to the public listener");
            assertClosedByServer(toManagement, "a silent connection to the management listener");
        }
    }

    @Test
    void aRequestLineThatTricklesInOnANewConnectionIsCutOff() throws Exception {
        try (var server = TestServers.start(home, ONE_SECOND); Socket socket = connect(server.port())) {
            send(socket, "POST /flo");
            assertClosedByServer(socket, "a first request line that stalls");
        }
    }

    @Test
    void aChunkedDataEndpointBodyOverTheCapGets413WithoutTheServerWaitingForTheRest() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_HTTP_READ_TIMEOUT", "PT5S"))) {
            // 1 MiB and a bit, and then the body never ends: only a reader that stops at the cap answers.
            assertThat(chunkedWithoutEnd(server.port(), "/flows/booking", 1024 * 1024 + 64 * 1024, ""))
                    .startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void theRestOfABodyRefusedWith413IsNeverReadAsTheNextRequest() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_HTTP_READ_TIMEOUT", "PT5S"));
             Socket socket = connect(server.port())) {
            // The refused body carries what looks like a request (404 if it were served); the real next request
            // after it is a webhook verification (403).
            var request = new StringBuilder("POST /flows/booking HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            String forged = "\r\nPOST /flows/forged HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
            String chunk = "a".repeat(16 * 1024 - forged.length()) + forged;
            for (int sent = 0; sent < 1024 * 1024 + 64 * 1024; sent += chunk.length()) {
                request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
            }
            request.append("0\r\n\r\nGET /webhook?hub.mode=subscribe HTTP/1.1\r\nHost: x\r\n\r\n");
            var writer = Thread.ofVirtual().start(() -> {
                try {
                    send(socket, request.toString());
                } catch (IOException e) {
                    // closed by the server after its answer: allowed
                }
            });
            try {
                assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 413");
                String next;
                try {
                    next = readResponseHead(socket.getInputStream());
                } catch (java.io.EOFException | SocketException e) {
                    next = "closed";
                }
                assertThat(next).as("what follows the 413: the real next request's answer, or nothing")
                        .matches("(?s)(HTTP/1\\.1 403.*|closed)");
            } finally {
                writer.interrupt();
            }
        }
    }

    @Test
    void aChunkedWebhookBodyOverItsCapGets413() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_HTTP_READ_TIMEOUT", "PT5S"))) {
            assertThat(chunkedWithoutEnd(server.port(), "/webhook", 4 * 1024 * 1024 + 64 * 1024, ""))
                    .startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void aChunkedAdminBodyOverItsCapGets413() throws Exception {
        try (var server = TestServers.start(home, Map.of("FLOWGATE_HTTP_READ_TIMEOUT", "PT5S",
                "FLOWGATE_ADMIN_TOKEN", TestServers.ADMIN_TOKEN))) {
            assertThat(chunkedWithoutEnd(server.managementPort(), "/api/flows/booking/tokens", 128 * 1024,
                    "Authorization: Bearer " + TestServers.ADMIN_TOKEN + "\r\n")).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void anAdminBodyThatStallsIsCutOffAtTheReadTimeout() throws Exception {
        try (var server = TestServers.start(home, ONE_SECOND); Socket socket = connect(server.managementPort())) {
            send(socket, "POST /api/flows/booking/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + TestServers.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"wa_");
            assertClosedByServer(socket, "an admin body that stalls");
        }
    }

    @Test
    void serveReturns1WhenAListenerStopsAcceptingConnections() throws Exception {
        var err = new StringWriter();
        var serving = CompletableFuture.supplyAsync(() -> {
            try {
                return Main.serve(TestServers.settings(home, Map.of()), new PrintWriter(err));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread listener = awaitListenerThread("server-@default-listener", serving);
        // Interrupting the thread blocked in accept closes its server channel: accept fails, as it does when the
        // process runs out of file descriptors, and Helidon closes the listener for good.
        listener.interrupt();
        assertThat(serving.get(30, TimeUnit.SECONDS)).as("the exit code of serve").isEqualTo(1);
        assertThat(err.toString()).contains("the public listener stopped accepting connections");
    }

    /** Sends the head of a chunked POST and chunks totalling {@code bytes}, never the last chunk; reads the answer. */
    private static String chunkedWithoutEnd(int port, String path, int bytes, String headers) throws Exception {
        try (Socket socket = connect(port)) {
            send(socket, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + headers
                    + "Transfer-Encoding: chunked\r\n\r\n");
            // Written on another thread: a server that stops reading at its cap must not block this one.
            var writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    byte[] chunk = "a".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
                    for (int sent = 0; sent < bytes; sent += chunk.length) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException e) {
                    // the server closed the connection after answering: expected
                }
            });
            try {
                return readResponseHead(socket.getInputStream());
            } finally {
                writer.interrupt();
            }
        }
    }

    private static Thread awaitListenerThread(String name, CompletableFuture<Integer> serving) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (serving.isDone()) {
                fail("serve ended early with " + serving.get());
            }
            var found = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no thread " + name + " within 30 s");
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(BOUND_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static void assertClosedByServer(Socket socket, String what) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (in.read() != -1) {
                // whatever the server still sends before it closes
            }
        } catch (SocketTimeoutException e) {
            fail(what + ": the connection is still open after " + BOUND_MILLIS + " ms");
        } catch (SocketException e) {
            // reset by the server: closed as well
        }
    }

    /** Reads one response's head, and its body when it has a Content-Length; fails when the connection closes. */
    private static String readResponseHead(InputStream in) throws IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new java.io.EOFException("the connection closed before an answer: " + head);
            }
            head.append((char) next);
        }
        var length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return head.toString();
    }
}
