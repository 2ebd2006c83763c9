package io.flowgate.app;

import io.flowgate.app.fixtures.ReminderPlugin;
import io.flowgate.core.port.out.JourneyEvents;
import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The abandonment hook's retries and dead letter on the server's clock, the journey routes' refusals, and
 * {@code flowgate funnel} against the running server. The clock is moved by hand: backoffs and abandonment are
 * steps of the test; only the background scan's round (every 100 ms) is awaited.
 */
class JourneysAdminTest {

    private static final String ADMIN = TestServers.ADMIN_TOKEN;
    private static final String WA_ID = "447700900123";

    @TempDir
    Path home;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private FlowgateServer server;
    private AdminClient admin;
    private WhatsAppClient whatsApp;
    private Path reminders;
    private Path gatewayDown;

    @BeforeEach
    void start() throws Exception {
        reminders = home.resolve("reminders.txt");
        gatewayDown = home.resolve("gateway-down");
        System.setProperty("flowgate.test.reminders", reminders.toString());
        System.setProperty("flowgate.test.reminders-down", gatewayDown.toString());
        TestJarsAccess.jar(home.resolve("plugins").resolve("reminder.jar"), ReminderPlugin.class.getName(),
                ReminderPlugin.class);
        var settings = new HashMap<>(Map.of("FLOWGATE_ADMIN_TOKEN", ADMIN,
                "FLOWGATE_SESSIONS_ABANDON_SCAN_INTERVAL", "PT0.1S", "FLOWGATE_SESSIONS_ABANDON_HOOK_MAX_ATTEMPTS", "2",
                "FLOWGATE_SESSIONS_ABANDON_HOOK_FIRST_RETRY_DELAY", "PT30S"));
        server = FlowgateServer.start(TestServers.settings(home, settings), listener -> { }, clock, JourneyEvents.NONE);
        admin = new AdminClient(URI.create("http://127.0.0.1:" + server.managementPort()), ADMIN);
        whatsApp = new WhatsAppClient(URI.create("http://127.0.0.1:" + server.port()),
                WhatsAppClient.publicKeyFromPem(TestServers.resource("/keys/public.pem")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aFailingHookIsRetriedAfterItsBackoffThenKeptAsFailedAndALaterAbandonmentCallsItAgain() throws Exception {
        Files.createFile(gatewayDown);
        String token = admin.issueToken("reminder", WA_ID, "PT24H", Map.of()).flowToken();
        step(token, "INIT", "", Map.of());
        step(token, "data_exchange", "FORM", Map.of("note", "call me"));

        clock.advance(Duration.ofHours(1));
        Map<String, Object> first = awaitAbandonment(token, hook -> Integer.valueOf(1).equals(hook.get("attempts"))
                && hook.containsKey("last_error"));
        assertThat(first).containsEntry("screen", "CONFIRM").containsEntry("hook", "pending")
                .containsEntry("last_error", Map.of("type", IllegalStateException.class.getName(),
                        "message", "the SMS gateway is down"));

        clock.advance(Duration.ofSeconds(30)); // the backoff: the second and last attempt
        Map<String, Object> failed = awaitAbandonment(token, hook -> "failed".equals(hook.get("hook")));
        assertThat(failed).containsEntry("attempts", 2).containsEntry("at", first.get("at"));
        assertThat(reminders).doesNotExist();

        // The user comes back, and leaves again: a new abandonment, and the gateway is up now.
        Files.delete(gatewayDown);
        step(token, "BACK", "CONFIRM", Map.of());
        assertThat(admin.session(token).body()).containsEntry("status", "active").containsEntry("returns", 1)
                .containsEntry("current_screen", "FORM");
        clock.advance(Duration.ofHours(1));
        Map<String, Object> delivered = awaitAbandonment(token, hook -> "delivered".equals(hook.get("hook")));
        assertThat(delivered).containsEntry("screen", "FORM").containsEntry("attempts", 1)
                .doesNotContainKey("last_error");
        assertThat(Files.readAllLines(reminders)).containsExactly(token + " FORM call me");
        assertThat(admin.session(token).body().toString()).as("no session value on the admin API")
                .doesNotContain("call me");
    }

    @Test
    void theJourneyRoutesRefuseWhatTheyCannotAnswerWithWhatToFix() {
        var stranger = new AdminClient(URI.create("http://127.0.0.1:" + server.managementPort()), "not-the-admin-token");

        assertThat(stranger.funnel("reminder", null).status()).isEqualTo(401);
        assertThat(stranger.session("anything").status()).isEqualTo(401);
        assertThat(admin.funnel("reminder", "yesterday").body().get("error").toString())
                .contains("\"since\" must be an ISO-8601 duration from PT1S to P90D");
        assertThat(admin.funnel("reminder", "P365D").status()).isEqualTo(400);
        assertThat(admin.funnel("nope", null).status()).isEqualTo(404);
        assertThat(admin.session("unknown-token").body())
                .containsEntry("error", "no session has this flow token (it was never issued, or was purged after"
                        + " flowgate.sessions.retention)");
        assertThat(admin.funnel("reminder", null).body()).isEqualTo(Map.of("flow", "reminder", "since", "PT24H",
                "started", 0, "completed", 0, "abandoned", 0, "screens", List.of()));
    }

    @Test
    void theFunnelCommandPrintsTheRunningServersFunnelAsATable() throws Exception {
        for (int user = 0; user < 4; user++) {
            String token = admin.issueToken("reminder", WA_ID, "PT24H", Map.of()).flowToken();
            step(token, "INIT", "", Map.of());
            if (user < 2) {
                clock.advance(Duration.ofSeconds(30));
                step(token, "data_exchange", "FORM", Map.of("note", "n"));
            }
            if (user == 0) {
                step(token, "data_exchange", "CONFIRM", Map.of());
            }
        }
        clock.advance(Duration.ofHours(2));
        Path config = Files.writeString(home.resolve("application.yaml"), "flowgate:\n  management:\n    port: "
                + server.managementPort() + "\n  admin:\n    token: " + ADMIN + "\n");
        var out = new StringWriter();
        var err = new StringWriter();
        var command = new CommandLine(new Main());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));

        int status = command.execute("funnel", "reminder", "--since", "PT3H", "--config", config.toString());

        assertThat(status).as(err.toString()).isZero();
        // A flow without a Flow JSON lists its screens by name. FORM: 30 s for the two who left it.
        assertThat(out.toString()).isEqualTo("""
                flow reminder, sessions started within PT3H: 4 started, 1 (25%) completed, 3 (75%) abandoned

                screen   reached  abandoned     median
                CONFIRM        2          1        0 s  ####################
                FORM           4          2       30 s  ########################################
                """);
        assertThat(command.execute("funnel", "nope", "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 404: no plugin serves flow \"nope\"");
    }

    private void step(String token, String action, String screen, Map<String, Object> data) {
        assertThat(whatsApp.send("reminder", payload(action, screen, data, token)).status()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitAbandonment(String token, Predicate<Map<String, Object>> condition)
            throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, Object> hook = Map.of();
        while (System.nanoTime() < giveUp) {
            Object found = admin.session(token).body().get("abandonment");
            hook = found instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
            if (condition.test(hook)) {
                return hook;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the abandonment never got there; last seen: " + hook);
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("not needed");
        }
    }
}
