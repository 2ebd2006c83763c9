package io.flowgate.http;

import io.flowgate.core.domain.JourneyStep;
import io.flowgate.core.port.in.ReportJourneys;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.JsonCodec;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journeys on the admin API, for the business:
 * <ul>
 *   <li>{@code GET /api/flows/{flowId}/funnel?since=PT24H}: the sessions that started within {@code since}
 *       (default 24 hours, at most 90 days), how many completed and were abandoned, and per screen how many
 *       reached it, were abandoned at it, and the median seconds they spent on it ({@code null} when nobody left
 *       it yet);</li>
 *   <li>{@code GET /api/sessions/{flowToken}}: the token's flow, status, current screen and path (screens and
 *       times only), and its latest abandonment's hook state.</li>
 * </ul>
 * Neither answer carries a session value or a phone number. Same bearer token as the rest of the admin API.
 * The flow token in the session path is the issue's own API; this path is never logged ({@link ErrorMapping}
 * logs the first segment only), and the management listener is not public.
 */
public final class JourneyAdminRoutes implements HttpService {

    static final Duration DEFAULT_SINCE = Duration.ofHours(24);

    private final ReportJourneys journeys;
    private final BearerTokenCheck bearerToken;
    private final JsonAnswers answers;

    public JourneyAdminRoutes(ReportJourneys journeys, JsonCodec json, String adminToken) {
        this.journeys = journeys;
        this.answers = new JsonAnswers(json);
        this.bearerToken = new BearerTokenCheck(adminToken, json);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/flows/{flowId}/funnel", this::funnel);
        rules.get("/sessions/{flowToken}", this::session);
    }

    private void funnel(ServerRequest request, ServerResponse response) {
        if (!bearerToken.admits(request, response)) {
            return;
        }
        Optional<String> sinceText = request.query().first("since").asOptional();
        Optional<Duration> since = since(sinceText);
        if (since.isEmpty()) {
            answers.error(response, Status.BAD_REQUEST_400, "\"since\" must be an ISO-8601 duration from PT1S to P"
                    + ReportJourneys.MAX_SINCE.toDays() + "D, such as PT24H or P7D (default PT24H), not \""
                    + sinceText.orElse("") + "\"");
            return;
        }
        String flowId = request.path().pathParameters().get("flowId");
        ReportJourneys.Funnel funnel;
        try {
            funnel = journeys.funnel(flowId, since.get());
        } catch (UnknownFlowException e) {
            answers.error(response, Status.NOT_FOUND_404, e.getMessage());
            return;
        }
        var answer = new LinkedHashMap<String, Object>();
        answer.put("flow", funnel.flow());
        answer.put("since", funnel.since().toString());
        answer.put("started", funnel.started());
        answer.put("completed", funnel.completed());
        answer.put("abandoned", funnel.abandoned());
        List<Map<String, Object>> screens = new ArrayList<>();
        for (ReportJourneys.ScreenFunnel screen : funnel.screens()) {
            var fields = new LinkedHashMap<String, Object>();
            fields.put("screen", screen.screen());
            fields.put("reached", screen.reached());
            fields.put("abandoned", screen.abandoned());
            fields.put("median_seconds_on_screen", screen.medianSecondsOnScreen().isPresent()
                    ? screen.medianSecondsOnScreen().getAsDouble() : null);
            screens.add(fields);
        }
        answer.put("screens", screens);
        answers.send(response, Status.OK_200, answer);
    }

    private void session(ServerRequest request, ServerResponse response) {
        if (!bearerToken.admits(request, response)) {
            return;
        }
        Optional<ReportJourneys.SessionJourney> found =
                journeys.session(request.path().pathParameters().get("flowToken"));
        if (found.isEmpty()) {
            answers.error(response, Status.NOT_FOUND_404, "no session has this flow token (it was never issued, or"
                    + " was purged after flowgate.sessions.retention)");
            return;
        }
        ReportJourneys.SessionJourney session = found.get();
        var answer = new LinkedHashMap<String, Object>();
        answer.put("flow", session.flow());
        answer.put("status", session.status().code());
        answer.put("current_screen", session.currentScreen());
        session.startedAt().ifPresent(at -> answer.put("started_at", at.toString()));
        answer.put("returns", session.returns());
        List<Map<String, Object>> path = new ArrayList<>();
        for (JourneyStep step : session.path()) {
            var fields = new LinkedHashMap<String, Object>();
            fields.put("from", step.fromScreen());
            fields.put("screen", step.toScreen());
            fields.put("at", step.at().toString());
            path.add(fields);
        }
        answer.put("path", path);
        session.abandonment().ifPresent(abandonment -> {
            var fields = new LinkedHashMap<String, Object>();
            fields.put("at", abandonment.at().toString());
            fields.put("screen", abandonment.screen());
            fields.put("hook", abandonment.state().code());
            fields.put("attempts", abandonment.attempts());
            abandonment.lastError().ifPresent(error -> fields.put("last_error",
                    Map.of("type", error.type(), "message", error.message())));
            answer.put("abandonment", fields);
        });
        answers.send(response, Status.OK_200, answer);
    }

    private static Optional<Duration> since(Optional<String> text) {
        if (text.isEmpty()) {
            return Optional.of(DEFAULT_SINCE);
        }
        try {
            Duration since = Duration.parse(text.get().strip());
            return since.compareTo(Duration.ofSeconds(1)) >= 0 && since.compareTo(ReportJourneys.MAX_SINCE) <= 0
                    ? Optional.of(since) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
