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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code flowgate send}: {@code POST /api/flows/{flowId}/send} on the running server's management listener, so the
 * token lands in the store the server reads (the memory store included) and the same checks apply.
 */
@Command(name = "send", description = "Send a flow to a WhatsApp user through the running server (POST"
        + " /api/flows/{flowId}/send with the admin token): the token is issued, the message sent and its id recorded."
        + " Prints the server's JSON answer; exit status 0 when the message was sent.")
final class SendCommand implements Callable<Integer> {

    @CommandLine.Mixin
    Main.ConfigOption config;

    @Parameters(index = "0", paramLabel = "FLOW_ID", description = "The plugin's flow id.")
    String flowId;

    @Option(names = "--to", required = true, paramLabel = "WA_ID", description = "The user's WhatsApp id (digits).")
    String to;

    @Option(names = "--body", paramLabel = "TEXT", description = "The message text (interactive messages).")
    String body;

    @Option(names = "--cta", paramLabel = "TEXT", description = "The button's text, at most 30 characters.")
    String cta;

    @Option(names = "--meta-flow-id", paramLabel = "ID", description = "The flow at Meta (default:"
            + " flowgate.flows.<flowId>.meta-flow-id on the server).")
    String metaFlowId;

    @Option(names = "--header", paramLabel = "TEXT")
    String header;

    @Option(names = "--footer", paramLabel = "TEXT")
    String footer;

    @Option(names = "--mode", paramLabel = "MODE", description = "published (default) or draft.")
    String mode;

    @Option(names = "--screen", paramLabel = "SCREEN", description = "Open on this screen (navigate) instead of"
            + " asking the plugin with INIT (data_exchange).")
    String screen;

    @Option(names = "--data", paramLabel = "JSON", description = "The screen's data, a JSON object (with --screen).")
    String data;

    @Option(names = "--context", paramLabel = "JSON", description = "Values for the plugin, a JSON object.")
    String context;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "The token's lifetime, e.g. PT24H.")
    String ttl;

    @Option(names = "--template", paramLabel = "NAME", description = "Send this approved template with a flow button"
            + " (outside the 24-hour window) instead of an interactive message.")
    String template;

    @Option(names = "--language", paramLabel = "CODE", description = "The template's language, e.g. en_US.")
    String language;

    @Option(names = "--components", paramLabel = "JSON", description = "The template's other components, a JSON list.")
    String components;

    @Option(names = "--server", paramLabel = "URL", description = "The management listener (default: from"
            + " flowgate.management.host and .port).")
    URI server;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var json = new JacksonJsonCodec();
        try {
            FlowgateSettings settings = config.read();
            String adminToken = settings.security().adminToken();
            if (adminToken.isEmpty()) {
                throw new IllegalArgumentException("send goes through the server's admin API: set "
                        + Setting.ADMIN_TOKEN.key() + " (" + Setting.ADMIN_TOKEN.environmentVariable() + ") as the server has it");
            }
            URI base = server != null ? server : managementUri(settings);
            var request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + "/api/flows/"
                            + URLEncoder.encode(flowId, StandardCharsets.UTF_8) + "/send"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeObject(body(json)))).build();
            HttpResponse<String> response;
            try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            if (response.statusCode() == 201) {
                out.println(response.body());
                return 0;
            }
            err.println("flowgate: send: HTTP " + response.statusCode() + ": " + response.body());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("flowgate: send: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("flowgate: send: the server's management listener could not be reached ("
                    + e.getClass().getSimpleName() + "); is ./flowgate serve running? (--server URL names another)");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private Map<String, Object> body(JsonCodec json) {
        var body = new LinkedHashMap<String, Object>();
        body.put("to", to);
        put(body, "body", this.body);
        put(body, "cta", cta);
        put(body, "meta_flow_id", metaFlowId);
        put(body, "header", header);
        put(body, "footer", footer);
        put(body, "mode", mode);
        put(body, "screen", screen);
        put(body, "ttl", ttl);
        if (data != null) {
            body.put("data", object(json, data, "--data"));
        }
        if (context != null) {
            body.put("context", object(json, context, "--context"));
        }
        if (template != null) {
            var fields = new LinkedHashMap<String, Object>();
            fields.put("name", template);
            put(fields, "language", language);
            if (components != null) {
                fields.put("components", object(json, "{\"c\":" + components + "}", "--components").get("c"));
                if (!(fields.get("components") instanceof List<?>)) {
                    throw new IllegalArgumentException("--components must be a JSON list");
                }
            }
            body.put("template", fields);
        }
        return body;
    }

    private static void put(Map<String, Object> body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static Map<String, Object> object(JsonCodec json, String text, String option) {
        try {
            return json.readObject(text.getBytes(StandardCharsets.UTF_8));
        } catch (JsonCodec.MalformedJsonException e) {
            throw new IllegalArgumentException(option + " must be a JSON object (" + e.getMessage() + ")", e);
        }
    }

    /** A wildcard address is reached on loopback. */
    static URI managementUri(FlowgateSettings settings) {
        var management = settings.listeners().management();
        String host = management.host().equals("0.0.0.0") || management.host().equals("::") ? "127.0.0.1" : management.host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + management.port());
    }
}
