package io.flowgate.testkit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls Flowgate's admin API the way a business backend does: issue a flow token before sending a flow, and
 * read a flow's funnel or a token's journey.
 */
public final class AdminClient {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final URI baseUri;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public AdminClient(URI baseUri, String adminToken) {
        this.baseUri = baseUri;
        this.adminToken = adminToken;
    }

    /** The answer: status and the JSON body. */
    public record Answer(int status, Map<String, Object> body) {
        public String flowToken() {
            if (status != 201) {
                throw new AssertionError("no token issued: HTTP " + status + " " + body);
            }
            return (String) body.get("flow_token");
        }
    }

    /** {@code POST /api/flows/{flowId}/tokens}; {@code ttl} and {@code context} may be null. */
    public Answer issueToken(String flowId, String waId, String ttl, Map<String, Object> context) {
        var request = new LinkedHashMap<String, Object>();
        request.put("wa_id", waId);
        if (ttl != null) {
            request.put("ttl", ttl);
        }
        if (context != null) {
            request.put("context", context);
        }
        return call("POST", "/api/flows/" + flowId + "/tokens", request);
    }

    /** {@code POST /api/flows/{flowId}/flow-messages}: the wamid of the flow message that carries the token. */
    public Answer attachMessageId(String flowId, String flowToken, String messageId) {
        return call("POST", "/api/flows/" + flowId + "/flow-messages", Map.of("flow_token", flowToken, "message_id", messageId));
    }

    /** {@code GET /api/flows/{flowId}/funnel?since=...}; {@code since} (an ISO-8601 duration) may be null. */
    public Answer funnel(String flowId, String since) {
        return call("GET", "/api/flows/" + flowId + "/funnel" + (since == null ? "" : "?since=" + since), null);
    }

    /** {@code GET /api/sessions/{flowToken}}: the token's status, current screen and path. */
    public Answer session(String flowToken) {
        return call("GET", "/api/sessions/" + flowToken, null);
    }

    private Answer call(String method, String path, Map<String, Object> body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUri.resolve(path))
                            .timeout(Duration.ofSeconds(15))
                            .header("Authorization", "Bearer " + adminToken)
                            .header("Content-Type", "application/json")
                            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, Object> parsed = response.body().isBlank() ? Map.of() : json.readValue(response.body(), OBJECT);
            return new Answer(response.statusCode(), parsed);
        } catch (IOException e) {
            throw new IllegalStateException("the admin API did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
