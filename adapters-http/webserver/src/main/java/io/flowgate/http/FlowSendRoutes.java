package io.flowgate.http;

import io.flowgate.core.domain.GraphError;
import io.flowgate.core.domain.LogLimiter;
import io.flowgate.core.port.in.SendFlowMessage;
import io.flowgate.core.port.in.SendFlowMessage.InvalidSendException;
import io.flowgate.core.port.in.SendFlowMessage.NotSentException;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.JsonCodec;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /api/flows/{flowId}/send}: issues the token, sends the flow message through Meta and records its id,
 * in one call of the business's backend. Meta's refusals are answered with what to do and Meta's own code,
 * message and {@code fbtrace_id}.
 */
public final class FlowSendRoutes implements HttpService {

    private static final System.Logger LOG = System.getLogger(FlowSendRoutes.class.getName());
    private static final LogLimiter REFUSALS = LogLimiter.forLogger(LOG);
    private static final Status BAD_GATEWAY = Status.create(502, "Bad Gateway");

    private final SendFlowMessage sends;
    private final BearerTokenCheck bearerToken;
    private final JsonCodec json;
    private final JsonAnswers answers;
    private final BodyReader bodies;

    /** @param bodies reads bodies up to {@link AdminRoutes#MAX_BODY} within the read timeout */
    public FlowSendRoutes(SendFlowMessage sends, JsonCodec json, String adminToken, BodyReader bodies) {
        this.sends = Objects.requireNonNull(sends, "sends");
        this.json = Objects.requireNonNull(json, "json");
        this.answers = new JsonAnswers(json);
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.bearerToken = new BearerTokenCheck(adminToken, json);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/flows/{flowId}/send", this::send);
    }

    private void send(ServerRequest request, ServerResponse response) {
        if (!bearerToken.admits(request, response)) {
            return;
        }
        try {
            var sent = sends.send(parse(request.path().pathParameters().get("flowId"), readBody(request)));
            var answer = new LinkedHashMap<String, Object>();
            answer.put("flow_token", sent.flowToken());
            answer.put("message_id", sent.messageId());
            answer.put("expires_at", sent.expiresAt().toString());
            answers.send(response, Status.CREATED_201, answer);
        } catch (InvalidSendException e) {
            answers.error(response, Status.BAD_REQUEST_400, e.getMessage());
        } catch (UnknownFlowException e) {
            answers.error(response, Status.NOT_FOUND_404, e.getMessage());
        } catch (NotSentException e) {
            notSent(response, e);
        } catch (BodyReader.TooLargeException e) {
            answers.error(response, Status.REQUEST_ENTITY_TOO_LARGE_413, e.getMessage());
        } catch (BodyReader.StalledException e) {
            REFUSALS.log(Level.WARNING, "stalled", "admin API: connection dropped: {0}", e.getMessage());
        }
    }

    private void notSent(ServerResponse response, NotSentException e) {
        var answer = new LinkedHashMap<String, Object>();
        answer.put("error", e.getMessage());
        answer.put("token_revoked", e.tokenRevoked());
        e.error().ifPresent(error -> {
            var meta = new LinkedHashMap<String, Object>();
            meta.put("http_status", error.httpStatus());
            meta.put("code", error.code());
            if (error.subcode() != 0) {
                meta.put("error_subcode", error.subcode());
            }
            meta.put("type", error.type());
            meta.put("message", error.message());
            meta.put("fbtrace_id", error.fbtraceId());
            answer.put("meta_error", meta);
        });
        answers.send(response, status(e), answer);
    }

    /** The status that tells the caller whose move it is: theirs (4xx), Meta's later (503/429), or the setup (502). */
    static Status status(NotSentException e) {
        if (e.error().isEmpty()) {
            return e.tokenRevoked() ? BAD_GATEWAY : Status.SERVICE_UNAVAILABLE_503;
        }
        GraphError error = e.error().get();
        if (error.code() == GraphError.PARAMETER) {
            return Status.BAD_REQUEST_400;
        }
        if (error.code() == GraphError.OUTSIDE_CUSTOMER_WINDOW || error.code() == GraphError.FLOW_BLOCKED) {
            return Status.CONFLICT_409;
        }
        if (error.code() == GraphError.FLOW_THROTTLED || error.httpStatus() == 429) {
            return Status.TOO_MANY_REQUESTS_429;
        }
        if (error.httpStatus() >= 500) {
            return Status.SERVICE_UNAVAILABLE_503;
        }
        return BAD_GATEWAY; // 190 and the rest: the server's setup at Meta, not the caller's request
    }

    private static SendFlowMessage.Request parse(String flowId, Map<String, Object> body) throws InvalidSendException {
        Object to = body.get("to");
        if (!(to instanceof String)) {
            throw new InvalidSendException("\"to\" must be the user's WhatsApp id (wa_id) as a string of digits");
        }
        Optional<SendFlowMessage.Template> template = Optional.empty();
        if (body.containsKey("template")) {
            if (!(body.get("template") instanceof Map<?, ?> fields)) {
                throw new InvalidSendException("\"template\" must be an object {\"name\", \"language\", \"components\"?}");
            }
            template = Optional.of(template(fields));
        }
        return new SendFlowMessage.Request(flowId, (String) to, text(body, "body"), text(body, "cta"),
                text(body, "meta_flow_id"), text(body, "header"), text(body, "footer"), text(body, "mode"),
                text(body, "screen"), object(body, "data"), object(body, "context"), ttl(body.get("ttl")), template);
    }

    @SuppressWarnings("unchecked")
    private static SendFlowMessage.Template template(Map<?, ?> fields) throws InvalidSendException {
        Map<String, Object> template = (Map<String, Object>) fields;
        List<Map<String, Object>> components = new ArrayList<>();
        Object given = template.get("components");
        if (given != null) {
            if (!(given instanceof List<?> list) || !list.stream().allMatch(item -> item instanceof Map<?, ?>)) {
                throw new InvalidSendException("\"template.components\" must be a list of objects, as Meta takes them");
            }
            list.forEach(item -> components.add((Map<String, Object>) item));
        }
        return new SendFlowMessage.Template(text(template, "name").orElse(""), text(template, "language").orElse(""),
                components);
    }

    private static Optional<String> text(Map<String, Object> body, String field) throws InvalidSendException {
        Object value = body.get(field);
        if (value == null) {
            if (body.containsKey(field)) {
                throw new InvalidSendException("\"" + field + "\" is null: omit the field instead");
            }
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new InvalidSendException("\"" + field + "\" must be a string");
        }
        return Optional.of(text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> body, String field) throws InvalidSendException {
        Object value = body.get(field);
        if (value == null) {
            if (body.containsKey(field)) {
                throw new InvalidSendException("\"" + field + "\" is null: omit the field instead");
            }
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new InvalidSendException("\"" + field + "\" must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static Optional<Duration> ttl(Object value) throws InvalidSendException {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse((String) value));
        } catch (ClassCastException | DateTimeParseException e) {
            throw new InvalidSendException("\"ttl\" must be an ISO-8601 duration such as \"PT24H\"");
        }
    }

    private Map<String, Object> readBody(ServerRequest request)
            throws InvalidSendException, BodyReader.TooLargeException, BodyReader.StalledException {
        try {
            return json.readObject(bodies.read(request));
        } catch (JsonCodec.MalformedJsonException e) {
            throw new InvalidSendException("the body must be a JSON object (" + e.getMessage() + ")");
        }
    }
}
