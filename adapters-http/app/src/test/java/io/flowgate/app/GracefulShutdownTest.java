package io.flowgate.app;

import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.SlowPlugin;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * SIGTERM against the real server process ({@code flowgate serve} with the app's class path): requests in
 * flight are answered, new connections are refused, and the process exits 0 within the grace period.
 */
class GracefulShutdownTest {

    private static final int REQUESTS = 20;
    private static final Pattern LISTENING = Pattern.compile("Flowgate listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path home;
    private Process process;
    private Path log;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void requestsInFlightAtSigtermAreAnsweredAndTheProcessExitsZero() throws Exception {
        int port = startServer();
        var whatsApp = new WhatsAppClient(URI.create("http://127.0.0.1:" + port),
                WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));

        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<WhatsAppClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String token = "shutdown-token-" + i;
                replies.add(CompletableFuture.supplyAsync(
                        () -> whatsApp.send("slow", payload("data_exchange", "START", Map.of(), token)), clients));
            }
            awaitLines(SlowPlugin.STARTED, REQUESTS);

            // SIGTERM on Linux. Process.destroy() would also close our end of the child's output, and with it
            // the log of the drain; the handle only sends the signal.
            assertThat(process.toHandle().destroy()).as("SIGTERM sent").isTrue();
            assertThat(awaitRefused(port)).as("a new connection after SIGTERM is refused").isTrue();

            for (var reply : replies) {
                var answer = reply.get(30, TimeUnit.SECONDS);
                assertThat(answer.status()).as("status of a request in flight at SIGTERM").isEqualTo(200);
                assertThat(answer.screen()).isEqualTo("DONE");
            }
        }
        // grace (PT10S by default) plus a margin for closing the plugins and the store
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("the process ended").isTrue();
        List<String> output = Files.readAllLines(log);
        assertThat(process.exitValue()).as("exit status; output:\n" + String.join("\n", output)).isZero();
        assertThat(output).anyMatch(line -> line.contains("draining " + REQUESTS + " request(s) in flight"));
        assertThat(output).anyMatch(line -> line.contains("drained: " + REQUESTS + " answered, 0 cut off"));
        assertThat(output).anyMatch(line -> line.contains("stopped: plugin calls, background jobs"));
    }

    /** Starts {@code flowgate serve} in its own JVM and returns its public port. */
    private int startServer() throws Exception {
        Path plugins = home.resolve("plugins");
        TestJarsAccess.jar(plugins.resolve("slow.jar"), SlowPlugin.class.getName(), SlowPlugin.class);
        Path key = Files.writeString(home.resolve("private.pem"), TestServers.resource("/keys/private-pkcs8.pem"));
        var builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve");
        builder.directory(home.toFile());
        builder.redirectErrorStream(true);
        // A file, not a pipe: what the process logs while it stops must still be readable after it is gone.
        log = home.resolve("server.log");
        builder.redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("SERVER_HOST", "127.0.0.1", "SERVER_PORT", "0",
                "FLOWGATE_MANAGEMENT_PORT", "0", "FLOWGATE_PLUGINS_DIR", plugins.toString(),
                "FLOWGATE_DATA_DIR", home.resolve("data").toString(), "FLOWGATE_KEYS_PRIVATE_KEY", key.toString(),
                "FLOWGATE_STORAGE_TYPE", "memory", "FLOWGATE_SECURITY_ALLOW_UNSIGNED", "true",
                "FLOWGATE_TOKENS_MODE", "open"));
        process = builder.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until && process.isAlive()) {
            Matcher listening = LISTENING.matcher(Files.readString(log));
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
            Thread.sleep(50);
        }
        return fail("the server did not start; output:\n" + Files.readString(log));
    }

    /** Waits until the server's output holds {@code count} lines with {@code text} (the plugin's steps started). */
    private void awaitLines(String text, int count) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long seen = 0;
        while (System.nanoTime() < until) {
            try (var lines = Files.lines(log)) {
                seen = lines.filter(line -> line.contains(text)).count();
            }
            if (seen >= count) {
                return;
            }
            Thread.sleep(20);
        }
        fail("saw " + seen + " of " + count + " \"" + text + "\"; output:\n" + Files.readString(log));
    }

    /** True once a connection to the port is refused; the signal is handled asynchronously, so this retries. */
    private static boolean awaitRefused(int port) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < until) {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            } catch (ConnectException e) {
                return true;
            } catch (IOException e) {
                // a timeout is not a refusal; try again
            }
            Thread.sleep(20);
        }
        return false;
    }
}
