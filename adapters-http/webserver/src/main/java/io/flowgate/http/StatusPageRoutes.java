package io.flowgate.http;

import io.flowgate.core.domain.FlowHealth;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.port.in.ReadFlowHealth;
import io.flowgate.core.port.out.JsonCodec;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /status} on the management listener: a page of charts (each flow's requests, error rate and p90 over
 * the last hour) for teams without Prometheus, and {@code /status/data}, the JSON it renders from. No admin
 * token: the management listener is never public, and the page shows counts and Meta's alerts, no user data.
 * The page is one self-contained file (HTML, JS, SVG), so it loads with no network beyond this listener.
 */
public final class StatusPageRoutes implements HttpService {

    private final ReadFlowHealth health;
    private final Function<FlowId, Optional<Map<String, Object>>> funnels;
    private final JsonAnswers answers;
    private final Clock clock;
    private final byte[] page;

    /**
     * @param funnels a flow's funnel as {@code {screens:[{screen,reached,abandoned}]}}, when one is known; the
     *                page draws it in the flow's funnel section
     */
    public StatusPageRoutes(ReadFlowHealth health, Function<FlowId, Optional<Map<String, Object>>> funnels,
                            JsonCodec json, Clock clock) {
        this.health = health;
        this.funnels = funnels;
        this.answers = new JsonAnswers(json);
        this.clock = clock;
        this.page = resource("status.html");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::page);
        rules.get("/data", this::data);
    }

    private void page(ServerRequest request, ServerResponse response) {
        response.status(Status.OK_200);
        response.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8"));
        // The page talks to this listener only; nothing else may load into it.
        response.header(HeaderValues.create(HeaderNames.create("Content-Security-Policy"),
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'"));
        response.send(page);
    }

    private void data(ServerRequest request, ServerResponse response) {
        var flows = health.all().stream().map(this::flow).toList();
        var body = new LinkedHashMap<String, Object>();
        body.put("generated_at", clock.instant().toString());
        body.put("note", FlowHealthJson.PER_INSTANCE);
        body.put("flows", flows);
        body.put("alerts_received", health.alertCounts());
        answers.send(response, Status.OK_200, body);
    }

    private Map<String, Object> flow(FlowHealth flowHealth) {
        Map<String, Object> fields = FlowHealthJson.health(flowHealth);
        fields.put("last_hour", FlowHealthJson.minutes(health.lastHour(flowHealth.flow())));
        funnels.apply(flowHealth.flow()).ifPresent(funnel -> fields.put("funnel", funnel));
        return fields;
    }

    private static byte[] resource(String name) {
        try (InputStream in = StatusPageRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the status page " + name + " is missing from the web server's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
