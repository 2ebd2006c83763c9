package io.flowgate.app;

import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.json.JacksonJsonCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code flowgate status}: every flow's health as the running server reports it on its management listener
 * ({@code GET /api/health}), as a table. The address and the admin token come from the same settings as
 * {@code serve}.
 */
@Command(name = "status", description = "Print each flow's health against Meta's thresholds (requests, error rate,"
        + " p50/p90, availability, Meta's alerts) from the running server's management listener.")
final class FlowStatus implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @CommandLine.Mixin
    Main.ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) {
        FlowgateSettings settings;
        try {
            settings = config.read();
        } catch (IllegalArgumentException e) {
            err.println("flowgate: " + e.getMessage());
            return 2;
        }
        String token = settings.security().adminToken();
        if (token.isEmpty()) {
            err.println("flowgate: the admin API is off in this configuration: set " + Setting.ADMIN_TOKEN.key() + " ("
                    + Setting.ADMIN_TOKEN.environmentVariable() + ") or " + Setting.ADMIN_TOKEN_FILE.key()
                    + " as for serve");
            return 2;
        }
        var management = settings.listeners().management();
        if (management.port() == 0) {
            err.println("flowgate: " + Setting.MANAGEMENT_PORT.key() + " is 0 (any free port), so the running server's"
                    + " port is unknown here: set the port it listens on");
            return 2;
        }
        // A wildcard address is where the server listens, not one to connect to.
        String host = management.host().equals("0.0.0.0") || management.host().equals("::") ? "127.0.0.1" : management.host();
        URI url = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + management.port() + "/api/health");
        HttpResponse<byte[]> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            err.println("flowgate: no server answers at " + url + " (connection refused): is `flowgate serve` running"
                    + " with this configuration?");
            return 1;
        } catch (HttpTimeoutException e) {
            err.println("flowgate: the server at " + url + " did not answer within " + TIMEOUT.toSeconds() + " s");
            return 1;
        } catch (IOException e) {
            err.println("flowgate: the server at " + url + " could not be reached (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (response.statusCode() == 401) {
            err.println("flowgate: " + url + " refused the admin token (401): this configuration's "
                    + Setting.ADMIN_TOKEN.key() + " is not the running server's");
            return 1;
        }
        if (response.statusCode() != 200) {
            err.println("flowgate: " + url + " answered HTTP " + response.statusCode() + "; is it a Flowgate management listener?");
            return 1;
        }
        Map<String, Object> health;
        try {
            health = new JacksonJsonCodec(JacksonJsonCodec.Limits.WEBHOOK_DELIVERIES).readObject(response.body());
        } catch (JsonCodec.MalformedJsonException e) {
            err.println("flowgate: " + url + " answered something that is not the health JSON (" + e.getMessage() + ")");
            return 1;
        }
        print(health, out);
        return 0;
    }

    /** The table, then each warning's reasons, then the Meta events this instance received. */
    static void print(Map<String, Object> health, PrintWriter out) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("FLOW", "STATE", "REQUESTS", "ERRORS", "ERROR RATE", "P50", "P90", "AVAILABILITY", "ANSWERS",
                "META STATUS", "META ALERTS"));
        List<String> notes = new ArrayList<>();
        for (Map<String, Object> flow : maps(health.get("flows"))) {
            rows.add(List.of(text(flow.get("flow")), text(flow.get("state")), text(flow.get("requests")),
                    text(flow.get("errors")), percent(flow.get("error_rate")), millis(flow.get("p50_ms")),
                    millis(flow.get("p90_ms")), availability(flow), answers(flow.get("answers")),
                    flow.get("meta_status") == null ? "-" : text(flow.get("meta_status")), alerts(flow)));
            for (Object reason : flow.get("reasons") instanceof List<?> reasons ? reasons : List.of()) {
                notes.add(text(flow.get("flow")) + ": " + reason);
            }
        }
        int[] widths = new int[rows.getFirst().size()];
        for (List<String> row : rows) {
            for (int column = 0; column < row.size(); column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        for (List<String> row : rows) {
            var line = new StringBuilder();
            for (int column = 0; column < row.size(); column++) {
                line.append(column == row.size() - 1 ? row.get(column) : pad(row.get(column), widths[column] + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        if (rows.size() == 1) {
            out.println("(no flows are served)");
        }
        out.println();
        out.println("Requests, errors and latency over the last 30 minutes, availability (pings answered) over the last"
                + " 10, as Meta measures them; this instance's share only.");
        for (String note : notes) {
            out.println("warning " + note);
        }
        if (health.get("alerts_received") instanceof Map<?, ?> counts && !counts.isEmpty()) {
            List<String> received = new ArrayList<>();
            counts.forEach((event, count) -> received.add(event + ": " + count));
            out.println("Meta events received by this instance: " + String.join("; ", received));
        }
    }

    private static String availability(Map<String, Object> flow) {
        if (flow.get("availability") == null) {
            return "- (no pings)";
        }
        return percent(flow.get("availability")) + " (" + text(flow.get("pings_answered")) + "/" + text(flow.get("pings")) + ")";
    }

    private static String answers(Object answers) {
        if (!(answers instanceof Map<?, ?> map) || map.isEmpty()) {
            return "-";
        }
        var joined = new StringBuilder();
        map.forEach((status, count) -> joined.append(joined.isEmpty() ? "" : " ").append(status).append(':').append(count));
        return joined.toString();
    }

    private static String alerts(Map<String, Object> flow) {
        List<Map<String, Object>> alerts = maps(flow.get("alerts"));
        if (alerts.isEmpty()) {
            return flow.get("meta_flow_id") == null ? "(not mapped)" : "-";
        }
        return String.join(", ", alerts.stream()
                .map(alert -> (text(alert.get("event")) + " " + text(alert.get("state"))).strip()).toList());
    }

    private static String percent(Object ratio) {
        return ratio instanceof Number number ? String.format(Locale.ROOT, "%.1f%%", 100 * number.doubleValue()) : "-";
    }

    private static String millis(Object value) {
        return value instanceof Number number ? number.longValue() + " ms" : "-";
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value).strip();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        List<Map<String, Object>> found = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> map) {
                    found.add((Map<String, Object>) map);
                }
            }
        }
        return found;
    }
}
