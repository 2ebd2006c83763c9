package io.flowgate.http;

import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.InboxCursor;
import io.flowgate.core.domain.InboxEntry;
import io.flowgate.core.port.in.ManageCompletions;
import io.flowgate.core.port.out.JsonCodec;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook inbox on the admin API, for operators:
 * <ul>
 *   <li>{@code GET /api/completions?state=failed|pending|delivered[&limit=50][&after=<next>]}: newest first, at
 *       most {@code limit} (1 to 200) per page; {@code next} in the answer continues the listing.</li>
 *   <li>{@code POST /api/completions/{messageId}/retry}: a failed completion becomes pending again with its
 *       attempts reset (202); 404 for an unknown id, 409 when it is not failed.</li>
 * </ul>
 * The answers carry delivery facts only (message id, flow, state, attempts, last error, times), never the
 * completion's response values or the user's phone number. Same bearer token as the rest of the admin API.
 */
public final class CompletionAdminRoutes implements HttpService {

    private static final String STATES = String.join(", ",
            Arrays.stream(DeliveryState.values()).map(DeliveryState::code).toList());

    private final ManageCompletions completions;
    private final BearerTokenCheck bearerToken;
    private final JsonCodec json;
    private final JsonAnswers answers;

    public CompletionAdminRoutes(ManageCompletions completions, JsonCodec json, String adminToken) {
        this.completions = completions;
        this.json = json;
        this.answers = new JsonAnswers(json);
        this.bearerToken = new BearerTokenCheck(adminToken, json);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/completions", this::list);
        // Message ids are base64 and may hold a '/': sent as %2F, it arrives decoded, so the id may span segments.
        rules.post("/completions/{messageId:.+}/retry", this::retry);
    }

    private void list(ServerRequest request, ServerResponse response) {
        if (!bearerToken.admits(request, response)) {
            return;
        }
        var query = request.query();
        Optional<DeliveryState> state = query.first("state").asOptional().flatMap(DeliveryState::fromCode);
        if (state.isEmpty()) {
            sendError(response, Status.BAD_REQUEST_400, "\"state\" must be one of " + STATES);
            return;
        }
        Optional<Integer> limit = limit(query.first("limit").asOptional());
        if (limit.isEmpty()) {
            sendError(response, Status.BAD_REQUEST_400, "\"limit\" must be a whole number from 1 to "
                    + ManageCompletions.MAX_PAGE_SIZE + " (default " + ManageCompletions.DEFAULT_PAGE_SIZE + ")");
            return;
        }
        Optional<String> afterText = query.first("after").asOptional();
        Optional<InboxCursor> after = afterText.flatMap(CompletionAdminRoutes::decode);
        if (afterText.isPresent() && after.isEmpty()) {
            sendError(response, Status.BAD_REQUEST_400, "\"after\" must be the \"next\" value of an earlier page");
            return;
        }
        ManageCompletions.Page page = completions.list(state.get(), limit.get(), after);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (InboxEntry entry : page.entries()) {
            entries.add(describe(entry));
        }
        var answer = new LinkedHashMap<String, Object>();
        answer.put("completions", entries);
        page.next().ifPresent(next -> answer.put("next", encode(next)));
        sendJson(response, Status.OK_200, answer);
    }

    private void retry(ServerRequest request, ServerResponse response) {
        if (!bearerToken.admits(request, response)) {
            return;
        }
        String messageId = request.path().pathParameters().get("messageId");
        switch (completions.retry(messageId)) {
            case REQUEUED -> {
                var answer = new LinkedHashMap<String, Object>();
                answer.put("message_id", messageId);
                answer.put("state", DeliveryState.PENDING.code());
                answer.put("attempts", 0);
                sendJson(response, Status.ACCEPTED_202, answer);
            }
            case NOT_FAILED -> sendError(response, Status.CONFLICT_409,
                    "this completion is not failed (see its state with GET /api/completions); only a failed one can be retried");
            case UNKNOWN -> sendError(response, Status.NOT_FOUND_404, "no stored completion has this message id");
        }
    }

    private static Map<String, Object> describe(InboxEntry entry) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("message_id", entry.messageId());
        if (!entry.flowId().isEmpty()) {
            fields.put("flow", entry.flowId());
        }
        fields.put("state", entry.state().code());
        fields.put("attempts", entry.attempts());
        entry.lastError().ifPresent(error -> fields.put("last_error",
                Map.of("type", error.type(), "message", error.message())));
        fields.put("received_at", entry.receivedAt().toString());
        entry.lastAttemptAt().ifPresent(at -> fields.put("last_attempt_at", at.toString()));
        entry.nextAttemptAt().ifPresent(at -> fields.put("next_attempt_at", at.toString()));
        entry.finishedAt().ifPresent(at -> fields.put(entry.state() == DeliveryState.FAILED ? "failed_at" : "delivered_at",
                at.toString()));
        return fields;
    }

    private static Optional<Integer> limit(Optional<String> text) {
        if (text.isEmpty()) {
            return Optional.of(ManageCompletions.DEFAULT_PAGE_SIZE);
        }
        try {
            int limit = Integer.parseInt(text.get().strip());
            return limit >= 1 && limit <= ManageCompletions.MAX_PAGE_SIZE ? Optional.of(limit) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The cursor travels as one opaque, URL-safe token: the time in milliseconds and the message id. */
    private static String encode(InboxCursor cursor) {
        String plain = cursor.receivedAt().toEpochMilli() + ":" + cursor.messageId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<InboxCursor> decode(String token) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            if (colon < 1 || colon == plain.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new InboxCursor(Instant.ofEpochMilli(Long.parseLong(plain.substring(0, colon))),
                    plain.substring(colon + 1)));
        } catch (IllegalArgumentException e) { // bad base64 or number
            return Optional.empty();
        }
    }

    private void sendJson(ServerResponse response, Status status, Map<String, Object> body) {
        answers.send(response, status, body);
    }

    private void sendError(ServerResponse response, Status status, String message) {
        answers.error(response, status, message);
    }
}
