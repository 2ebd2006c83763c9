package io.flowgate.http;

import io.flowgate.core.domain.FlowHealth;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.port.in.ReadFlowHealth;
import io.flowgate.core.port.out.JsonCodec;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Each flow's health the way Meta judges it, on the admin API (same bearer token):
 * <ul>
 *   <li>{@code GET /api/flows/{flowId}/health}: requests, error rate, p50 and p90 over the last 30 minutes,
 *       availability over the last 10, the state against Meta's thresholds and the latest Meta alerts;</li>
 *   <li>{@code GET /api/health}: the same for every flow, and the Meta events this instance received
 *       ({@code ./flowgate status} prints it).</li>
 * </ul>
 */
public final class FlowHealthRoutes implements HttpService {

    private final ReadFlowHealth health;
    private final BearerTokenCheck bearerToken;
    private final JsonAnswers answers;

    public FlowHealthRoutes(ReadFlowHealth health, JsonCodec json, String adminToken) {
        this.health = health;
        this.bearerToken = new BearerTokenCheck(adminToken, json);
        this.answers = new JsonAnswers(json);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/flows/{flowId}/health", this::flow);
        rules.get("/health", this::all);
    }

    private void flow(ServerRequest request, ServerResponse response) {
        if (!bearerToken.admits(request, response)) {
            return;
        }
        String flowId = request.path().pathParameters().get("flowId");
        Optional<FlowHealth> found = FlowId.isValid(flowId) ? health.health(new FlowId(flowId)) : Optional.empty();
        if (found.isEmpty()) {
            answers.error(response, Status.NOT_FOUND_404, "no plugin serves this flow; GET /api/health lists the served flows");
            return;
        }
        var body = FlowHealthJson.health(found.get());
        body.put("note", FlowHealthJson.PER_INSTANCE);
        answers.send(response, Status.OK_200, body);
    }

    private void all(ServerRequest request, ServerResponse response) {
        if (!bearerToken.admits(request, response)) {
            return;
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("flows", health.all().stream().map(FlowHealthJson::health).toList());
        body.put("alerts_received", health.alertCounts());
        body.put("note", FlowHealthJson.PER_INSTANCE);
        answers.send(response, Status.OK_200, body);
    }
}
