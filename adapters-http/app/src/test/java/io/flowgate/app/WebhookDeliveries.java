package io.flowgate.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builds and posts webhook deliveries as Meta does, and waits for what the plugin recorded and the inbox stored. */
final class WebhookDeliveries {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private WebhookDeliveries() {
    }

    /** A messages-webhook delivery with one nfm_reply; {@code flowToken} null leaves it out of response_json. */
    static String completion(String messageId, String from, String flowToken, String contextId, String answer) {
        String response = "{" + (flowToken == null ? "" : "\\\"flow_token\\\":\\\"" + flowToken + "\\\",")
                + "\\\"answer\\\":\\\"" + answer + "\\\"}";
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
                "messaging_product":"whatsapp","metadata":{"phone_number_id":"PNID"},
                "contacts":[{"profile":{"name":"Zoë"},"wa_id":"%s"}],
                "messages":[{"context":{"from":"15550001111","id":"%s"},"from":"%s","id":"%s","timestamp":"1764072000",
                "type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent",
                "response_json":"%s"}}}]}}]}]}
                """.formatted(from, contextId, from, messageId, response);
    }

    static String signature(String appSecret, String body) {
        return io.flowgate.testkit.WhatsAppClient.hubSignature(appSecret, body);
    }

    static HttpResponse<String> post(int port, String body, String signatureHeader) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (signatureHeader != null) {
            request.header("X-Hub-Signature-256", signatureHeader);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(int port, String query) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A call to the admin API with the bearer token {@code adminToken} ({@code null}: without one). */
    static HttpResponse<String> admin(int port, String method, String pathAndQuery, String adminToken)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (adminToken != null) {
            request.header("Authorization", "Bearer " + adminToken);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The admin API's listing of completions in {@code state}: the entries and the cursor to the next page. */
    static Map<String, Object> listing(int port, String query, String adminToken) throws IOException, InterruptedException {
        var response = admin(port, "GET", "/api/completions?" + query, adminToken);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/completions?" + query + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readValue(response.body(), OBJECT);
    }

    /**
     * The admin API's entry for {@code messageId} once it is in {@code state}, polling for up to {@code timeout}:
     * what the inbox stored, rather than what did not happen meanwhile.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> awaitState(int port, String messageId, String state, String adminToken, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Object entry : (List<Object>) listing(port, "state=" + state + "&limit=200", adminToken).get("completions")) {
                Map<String, Object> fields = (Map<String, Object>) entry;
                if (messageId.equals(fields.get("message_id"))) {
                    return fields;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("completion " + messageId + " did not become " + state + " within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /** The lines the plugin wrote, once there are {@code expected} of them (or after the timeout). */
    static List<String> awaitLines(Path file, int expected, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.size() >= expected) {
                break;
            }
            Thread.sleep(50);
        }
        return lines;
    }
}
