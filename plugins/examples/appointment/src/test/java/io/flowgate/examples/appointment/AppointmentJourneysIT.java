package io.flowgate.examples.appointment;

import io.flowgate.core.port.out.JourneyEvents;
import io.flowgate.storage.testing.TestPostgres;
import io.flowgate.testkit.AdminClient;
import io.flowgate.testkit.WhatsAppClient;
import io.flowgate.testkit.WhatsAppClient.Reply;
import io.flowgate.testkit.server.FlowgateTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.flowgate.testkit.WhatsAppClient.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14's known journeys through the appointment example, on each store: one user stops at the first screen,
 * one after the second, one completes, and one returns after being counted abandoned and completes. The
 * server's clock is moved by hand past flowgate.sessions.abandon-after (PT1H, the default), so abandonment is
 * a step of the test, not a wait; only the background scan's round (every 100 ms here) is awaited.
 */
class AppointmentJourneysIT {

    private static final String FLOW = "appointment";
    private static final Duration ABANDON_AFTER = Duration.ofHours(1);

    private final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final CountedEvents events = new CountedEvents();
    private final Reminders reminders = new Reminders();
    private FlowgateTestServer server;
    private WhatsAppClient whatsApp;
    private AdminClient admin;

    private void start(String store) throws Exception {
        var builder = FlowgateTestServer.builder().plugin(Path.of("target", "appointment.jar")).clock(clock)
                .journeyEvents(events).setting("FLOWGATE_STORAGE_TYPE", store)
                .setting("FLOWGATE_SESSIONS_ABANDON_SCAN_INTERVAL", "PT0.1S");
        if (store.equals("postgres")) {
            TestPostgres.assumeAvailable();
            Map<String, String> postgres = TestPostgres.freshSchemaSettings();
            builder.setting("FLOWGATE_STORAGE_POSTGRES_URL", postgres.get("url"))
                    .setting("FLOWGATE_STORAGE_POSTGRES_USER", postgres.get("user"))
                    .setting("FLOWGATE_STORAGE_POSTGRES_PASSWORD", postgres.get("password"));
        }
        server = builder.start();
        whatsApp = server.whatsApp();
        admin = server.admin();
    }

    @AfterEach
    void stop() {
        reminders.close();
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void theFunnelThePathsTheMetricsAndTheAbandonmentHookShowExactlyTheJourneysThatHappened(String store)
            throws Exception {
        start(store);
        String stopsAtFirst = issue();
        String stopsAtSecond = issue();
        String completes = issue();
        String returns = issue();

        for (String token : List.of(stopsAtFirst, stopsAtSecond, completes, returns)) {
            assertThat(step(token, "INIT", "", Map.of()).screen()).isEqualTo("APPOINTMENT");
        }
        clock.advance(Duration.ofSeconds(10));
        assertThat(step(stopsAtSecond, "data_exchange", "APPOINTMENT", appointment()).screen()).isEqualTo("DETAILS");
        assertThat(step(completes, "data_exchange", "APPOINTMENT", appointment()).screen()).isEqualTo("DETAILS");
        clock.advance(Duration.ofSeconds(20));
        assertThat(step(completes, "data_exchange", "DETAILS", details()).screen()).isEqualTo("SUMMARY");
        clock.advance(Duration.ofSeconds(10));
        assertThat(step(completes, "data_exchange", "SUMMARY", details()).screen()).isEqualTo("SUCCESS");

        // An hour without a step: three sessions are abandoned, and the plugin hears of each once.
        clock.advance(ABANDON_AFTER);
        reminders.await(3);
        assertThat(reminders.screens()).containsExactlyInAnyOrder("APPOINTMENT", "APPOINTMENT", "DETAILS");
        assertThat(funnel()).containsEntry("started", 4).containsEntry("completed", 1).containsEntry("abandoned", 3);
        assertThat(session(returns)).containsEntry("status", "abandoned").containsEntry("current_screen", "APPOINTMENT");

        // The fourth user comes back to the live token and completes.
        assertThat(step(returns, "data_exchange", "APPOINTMENT", appointment()).screen()).isEqualTo("DETAILS");
        clock.advance(Duration.ofSeconds(20));
        assertThat(step(returns, "data_exchange", "DETAILS", details()).screen()).isEqualTo("SUMMARY");
        clock.advance(Duration.ofSeconds(10));
        assertThat(step(returns, "data_exchange", "SUMMARY", details()).screen()).isEqualTo("SUCCESS");

        Map<String, Object> funnel = funnel();
        assertThat(funnel).containsEntry("flow", FLOW).containsEntry("since", "PT24H").containsEntry("started", 4)
                .containsEntry("completed", 2).containsEntry("abandoned", 2);
        assertThat(funnel.get("screens")).isEqualTo(List.of(
                screen("APPOINTMENT", 4, 1, 10.0),   // 10 s, 10 s, and the returning user's hour and 40 s
                screen("DETAILS", 3, 1, 20.0),
                screen("SUMMARY", 2, 0, 10.0)));

        Map<String, Object> returned = session(returns);
        assertThat(returned).containsEntry("flow", FLOW).containsEntry("status", "completed")
                .containsEntry("current_screen", "SUCCESS").containsEntry("returns", 1);
        @SuppressWarnings("unchecked")
        var path = (List<Map<String, Object>>) returned.get("path");
        assertThat(path).extracting(step -> step.get("screen"))
                .containsExactly("APPOINTMENT", "DETAILS", "SUMMARY", "SUCCESS");
        assertThat(path.getFirst()).as("screens and times only").containsOnlyKeys("from", "screen", "at");
        assertThat(returned.get("abandonment")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("screen", "APPOINTMENT").containsEntry("hook", "delivered").containsEntry("attempts", 1);
        assertThat(session(stopsAtFirst)).containsEntry("status", "abandoned").containsEntry("current_screen", "APPOINTMENT")
                .containsEntry("returns", 0);
        assertThat(session(stopsAtSecond)).containsEntry("status", "abandoned").containsEntry("current_screen", "DETAILS");
        assertThat(session(completes)).containsEntry("status", "completed").doesNotContainKey("abandonment");
        assertThat(admin.session(returns).body().toString()).as("no value of the user's")
                .doesNotContain("zoe@example.com", "447700900123", "cardiology");

        assertThat(events.counts()).isEqualTo(Map.of(
                "screen_reached appointment APPOINTMENT", 4, "screen_reached appointment DETAILS", 3,
                "screen_reached appointment SUMMARY", 2, "sessions_completed appointment", 2,
                "sessions_abandoned appointment APPOINTMENT", 2, "sessions_abandoned appointment DETAILS", 1));
        assertThat(reminders.screens()).as("no second call for sessions already told of").hasSize(3);

        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                server.managementUri().resolve("/observe/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics.lines().filter(line -> line.startsWith("flowgate_screen_reached_total")
                || line.startsWith("flowgate_sessions_abandoned_total") || line.startsWith("flowgate_sessions_completed_total")))
                .containsExactlyInAnyOrder(
                        "flowgate_screen_reached_total{flow=\"appointment\",screen=\"APPOINTMENT\"} 4.0",
                        "flowgate_screen_reached_total{flow=\"appointment\",screen=\"DETAILS\"} 3.0",
                        "flowgate_screen_reached_total{flow=\"appointment\",screen=\"SUMMARY\"} 2.0",
                        "flowgate_sessions_completed_total{flow=\"appointment\"} 2.0",
                        "flowgate_sessions_abandoned_total{flow=\"appointment\",screen=\"APPOINTMENT\"} 2.0",
                        "flowgate_sessions_abandoned_total{flow=\"appointment\",screen=\"DETAILS\"} 1.0");
    }

    private static Map<String, Object> screen(String screen, int reached, int abandoned, double medianSeconds) {
        return Map.of("screen", screen, "reached", reached, "abandoned", abandoned,
                "median_seconds_on_screen", medianSeconds);
    }

    private String issue() {
        return admin.issueToken(FLOW, "447700900123", "PT24H", Map.of("campaign", "winter")).flowToken();
    }

    private Reply step(String token, String action, String screen, Map<String, Object> data) {
        Reply reply = whatsApp.send(FLOW, payload(action, screen, data, token));
        assertThat(reply.status()).as(action + " from " + screen).isEqualTo(200);
        return reply;
    }

    private Map<String, Object> funnel() {
        AdminClient.Answer answer = admin.funnel(FLOW, "PT24H");
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    private Map<String, Object> session(String token) {
        AdminClient.Answer answer = admin.session(token);
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    private Map<String, Object> appointment() {
        return Map.of("department", "cardiology", "location", "downtown", "date", firstDate(), "time", "10:30");
    }

    private Map<String, Object> details() {
        var answers = new HashMap<>(appointment());
        answers.putAll(Map.of("name", "Zoë", "email", "zoe@example.com", "phone", "+44 20 7946 0000"));
        return answers;
    }

    /** The plugin offers dates from its own clock (the real one), not the server's. */
    private static String firstDate() {
        return Clinic.dates(java.time.LocalDate.now()).getFirst().id();
    }

    /** The server's time, moved by the test. */
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

    /** The journey events as the metrics would count them. */
    private static final class CountedEvents implements JourneyEvents {
        private final Map<String, Integer> counts = Collections.synchronizedMap(new HashMap<>());

        @Override
        public void screenReached(String flow, String screen) {
            counts.merge("screen_reached " + flow + " " + screen, 1, Integer::sum);
        }

        @Override
        public void sessionAbandoned(String flow, String screen) {
            counts.merge("sessions_abandoned " + flow + " " + screen, 1, Integer::sum);
        }

        @Override
        public void sessionCompleted(String flow) {
            counts.merge("sessions_completed " + flow, 1, Integer::sum);
        }

        Map<String, Integer> counts() {
            synchronized (counts) {
                return Map.copyOf(counts);
            }
        }
    }

    /** The example's onAbandoned logs one "reminder due" line per call; this collects their screens. */
    private static final class Reminders extends Handler {
        private final Logger logger = Logger.getLogger(AppointmentFlow.class.getName());
        private final List<String> screens = Collections.synchronizedList(new ArrayList<>());

        Reminders() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getMessage().startsWith("reminder due") && record.getParameters() != null) {
                screens.add(String.valueOf(record.getParameters()[0]));
            }
        }

        void await(int calls) throws InterruptedException {
            long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (screens.size() < calls && System.nanoTime() < giveUp) {
                Thread.sleep(20);
            }
            assertThat(screens).as("onAbandoned calls").hasSize(calls);
        }

        List<String> screens() {
            synchronized (screens) {
                return List.copyOf(screens);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
