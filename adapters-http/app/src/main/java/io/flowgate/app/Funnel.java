package io.flowgate.app;

import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.json.JacksonJsonCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code flowgate funnel <flowId> [--since PT24H]}: asks the running server's management listener for a flow's
 * funnel ({@code GET /api/flows/{flowId}/funnel}) with the admin token of the same configuration as
 * {@code serve}, and prints it as a table with a bar per screen (its share of the sessions that started).
 */
@Command(name = "funnel", description = "Print a flow's funnel from the running server: sessions started,"
        + " completed and abandoned, and per screen how many reached it, left at it, and the median time on it."
        + " Exit status: 0 printed, 1 the server refused (the reason is printed), 2 the server cannot be asked.")
final class Funnel implements Callable<Integer> {

    static final int BAR_WIDTH = 40;

    @Parameters(index = "0", paramLabel = "FLOW_ID", description = "The flow, as in POST /flows/<flowId>.")
    String flowId;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "PT24H",
            description = "Sessions that started within this ISO-8601 duration (default ${DEFAULT-VALUE}).")
    String since;

    @CommandLine.Mixin
    Main.ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return ask(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int ask(PrintWriter out, PrintWriter err) {
        FlowgateSettings settings;
        try {
            settings = config.read();
        } catch (IllegalArgumentException e) {
            err.println("flowgate: " + e.getMessage());
            return 2;
        }
        String adminToken = settings.security().adminToken();
        if (adminToken.isEmpty()) {
            err.println("flowgate: the admin API is off in this configuration: set " + Setting.ADMIN_TOKEN.key() + " ("
                    + Setting.ADMIN_TOKEN.environmentVariable() + ") as for serve");
            return 2;
        }
        var management = settings.listeners().management();
        // A listener bound to every address is reached on loopback.
        String host = management.host().equals("0.0.0.0") || management.host().equals("::") ? "127.0.0.1"
                : management.host();
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + management.port()
                + "/api/flows/" + URLEncoder.encode(flowId, StandardCharsets.UTF_8) + "/funnel?since="
                + URLEncoder.encode(since, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            err.println("flowgate: the server's management listener at " + host + ":" + management.port()
                    + " did not answer (" + e.getMessage() + "); is it running with this configuration?");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        Map<String, Object> answer;
        try {
            answer = new JacksonJsonCodec().readObject(response.body());
        } catch (JsonCodec.MalformedJsonException e) {
            err.println("flowgate: the management listener answered HTTP " + response.statusCode() + " without JSON");
            return 2;
        }
        if (response.statusCode() != 200) {
            err.println("flowgate: HTTP " + response.statusCode() + ": " + answer.getOrDefault("error", answer));
            return 1;
        }
        out.print(table(answer));
        return 0;
    }

    /** The funnel as text: a summary line, then one row per screen with a bar of its share of started sessions. */
    static String table(Map<String, Object> funnel) {
        int started = number(funnel.get("started"));
        var text = new StringBuilder();
        text.append("flow ").append(funnel.get("flow")).append(", sessions started within ").append(funnel.get("since"))
                .append(": ").append(started).append(" started, ").append(share(number(funnel.get("completed")), started))
                .append(" completed, ").append(share(number(funnel.get("abandoned")), started)).append(" abandoned\n\n");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> screens = (List<Map<String, Object>>) funnel.getOrDefault("screens", List.of());
        int width = Math.max("screen".length(), screens.stream().mapToInt(s -> String.valueOf(s.get("screen")).length())
                .max().orElse(0));
        text.append(String.format(Locale.ROOT, "%-" + width + "s  %7s  %9s  %9s%n", "screen", "reached", "abandoned",
                "median"));
        for (Map<String, Object> screen : screens) {
            int reached = number(screen.get("reached"));
            int bar = started == 0 ? 0 : (int) Math.round((double) reached * BAR_WIDTH / started);
            Object median = screen.get("median_seconds_on_screen");
            text.append(String.format(Locale.ROOT, "%-" + width + "s  %7d  %9d  %9s  %s%n", screen.get("screen"), reached,
                    number(screen.get("abandoned")), median instanceof Number seconds ? duration(seconds.doubleValue()) : "-",
                    "#".repeat(bar)));
        }
        return text.toString();
    }

    private static String share(int part, int whole) {
        return whole == 0 ? String.valueOf(part) : part + " (" + Math.round(100.0 * part / whole) + "%)";
    }

    private static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    private static int number(Object value) {
        return value instanceof Number number ? number.intValue() : 0;
    }
}
