package io.flowgate.http;

import io.flowgate.core.domain.LogLimiter;
import io.flowgate.core.domain.LogSafe;
import io.flowgate.core.port.in.IssueFlowToken.InvalidTokenRequestException;
import io.flowgate.core.port.in.IssueFlowToken;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.JsonCodec;
import java.lang.System.Logger.Level;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin API under {@code /api}, for the business's own backend: issue a flow token before sending a
 * flow message ({@code POST /api/flows/{flowId}/tokens}), and record the message's id afterwards
 * ({@code POST /api/flows/{flowId}/flow-messages}). Every call needs {@code Authorization: Bearer
 * <flowgate.admin.token>}; the routes are not there at all when no admin token is configured. The webhook
 * inbox has its own routes under {@code /api}: {@link CompletionAdminRoutes}.
 */
public final class AdminRoutes implements HttpService {

    private static final System.Logger LOG = System.getLogger(AdminRoutes.class.getName());
    private static final LogLimiter REFUSALS = LogLimiter.forLogger(LOG);
    /** A token request with a large context is a few KiB; 64 KiB leaves room and bounds what a caller can send. */
    public static final long MAX_BODY = 64 * 1024;

    private final IssueFlowToken tokens;
    private final BearerTokenCheck bearerToken;
    private final JsonCodec json;
    private final JsonAnswers answers;
    private final BodyReader bodies;

    /**
     * @param bodies reads bodies up to {@link #MAX_BODY} within the read timeout: the admin API must not wait
     *               for ever on a client, nor buffer whatever one sends
     */
    public AdminRoutes(IssueFlowToken tokens, JsonCodec json, String adminToken, BodyReader bodies) {
        this.json = json;
        this.answers = new JsonAnswers(json);
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.bearerToken = new BearerTokenCheck(adminToken, json);
        this.tokens = tokens;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/flows/{flowId}/tokens", this::issue);
        // The token travels in the body, never in the path: paths end up in proxy and access logs.
        rules.post("/flows/{flowId}/flow-messages", this::attachMessageId);
    }

    private void issue(ServerRequest request, ServerResponse response) {
        if (!authorized(request, response)) {
            return;
        }
        String flowId = request.path().pathParameters().get("flowId");
        try {
            Map<String, Object> body = readBody(request);
            Object waId = body.get("wa_id");
            Optional<Duration> ttl = ttl(body.get("ttl"));
            Object context = body.getOrDefault("context", Map.of());
            if (context == null) {
                throw new InvalidTokenRequestException("context is null: omit the field instead");
            }
            if (!(context instanceof Map<?, ?>)) {
                throw new InvalidTokenRequestException("\"context\" must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            var issued = tokens.issue(flowId, waId instanceof String text ? text : null, ttl, (Map<String, Object>) context);
            var answer = new LinkedHashMap<String, Object>();
            answer.put("flow_token", issued.flowToken());
            answer.put("expires_at", issued.expiresAt().toString());
            sendJson(response, Status.CREATED_201, answer);
        } catch (InvalidTokenRequestException e) {
            sendError(response, Status.BAD_REQUEST_400, e.getMessage());
        } catch (UnknownFlowException e) {
            sendError(response, Status.NOT_FOUND_404, e.getMessage());
        } catch (BodyReader.TooLargeException e) {
            tooLarge(response, e);
        } catch (BodyReader.StalledException e) {
            stalled(e);
        }
    }

    private void attachMessageId(ServerRequest request, ServerResponse response) {
        if (!authorized(request, response)) {
            return;
        }
        try {
            Map<String, Object> body = readBody(request);
            Object token = body.get("flow_token");
            Object messageId = body.get("message_id");
            if (!(token instanceof String flowToken) || flowToken.isEmpty()) {
                throw new InvalidTokenRequestException("\"flow_token\" must be the token the flow message carries");
            }
            boolean attached = tokens.attachMessageId(request.path().pathParameters().get("flowId"), flowToken,
                    messageId instanceof String text ? text : null);
            if (attached) {
                response.status(Status.NO_CONTENT_204).send();
            } else {
                sendError(response, Status.NOT_FOUND_404, "no such flow token for this flow");
            }
        } catch (InvalidTokenRequestException e) {
            sendError(response, Status.BAD_REQUEST_400, e.getMessage());
        } catch (BodyReader.TooLargeException e) {
            tooLarge(response, e);
        } catch (BodyReader.StalledException e) {
            stalled(e);
        }
    }

    private void tooLarge(ServerResponse response, BodyReader.TooLargeException e) {
        sendError(response, Status.REQUEST_ENTITY_TOO_LARGE_413, e.getMessage());
    }

    /** The connection is closed already; there is no one to answer. */
    private static void stalled(BodyReader.StalledException e) {
        REFUSALS.log(Level.WARNING, "stalled", "admin API: connection dropped: {0}", e.getMessage());
    }

    private boolean authorized(ServerRequest request, ServerResponse response) {
        return bearerToken.admits(request, response);
    }

    private Map<String, Object> readBody(ServerRequest request)
            throws InvalidTokenRequestException, BodyReader.TooLargeException, BodyReader.StalledException {
        byte[] body = bodies.read(request);
        try {
            return json.readObject(body);
        } catch (JsonCodec.MalformedJsonException e) {
            throw new InvalidTokenRequestException("the body must be a JSON object (" + e.getMessage() + ")");
        }
    }

    private static Optional<Duration> ttl(Object value) throws InvalidTokenRequestException {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new InvalidTokenRequestException("\"ttl\" must be an ISO-8601 duration such as \"PT24H\"");
        }
        try {
            return Optional.of(Duration.parse(text));
        } catch (DateTimeParseException e) {
            throw new InvalidTokenRequestException("\"ttl\" must be an ISO-8601 duration such as \"PT24H\", not \"" + text + "\"");
        }
    }

    private void sendJson(ServerResponse response, Status status, Map<String, Object> body) {
        answers.send(response, status, body);
    }

    private void sendError(ServerResponse response, Status status, String message) {
        answers.error(response, status, message);
    }
}
