package io.flowgate.playground;

import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.InboxEntry;
import io.flowgate.core.port.in.IssueFlowToken;
import io.flowgate.core.port.in.ManageCompletions;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.JsonCodec;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /playground} on the management listener: the pages, and the routes the page needs to play WhatsApp's
 * side of a flow for real. The page encrypts in the browser; the envelope goes to the same data endpoint handler
 * as Meta's ({@code /playground/endpoint/{flowId}}), the completion to the same webhook handler
 * ({@code /playground/webhook}), both signed server-side.
 *
 * <pre>
 * GET    /playground                         the list of flows (index.html)
 * GET    /playground/{flowId}                a fresh run of the flow (flow.html)
 * GET    /playground/web/{file}              the page's HTML, CSS and JavaScript modules
 * GET    /playground/api/flows               [{flow_id, source, has_flow_json}]
 * GET    /playground/api/flows/{flowId}      {flow_id, flow_json, public_key}, or 409 without a flow.json
 * POST   /playground/api/flows/{flowId}/token     a new flow token (TokenService)
 * POST   /playground/api/flows/{flowId}/check     {action, screen, flow_token, answer}: the answer's findings
 * POST   /playground/api/media               an encrypted upload: {cdn_url, id}
 * DELETE /playground/api/media/{id}          the step is over
 * GET    /playground/cdn/{id}                the local CDN
 * GET    /playground/api/completions/{messageId}  where the completion stands (pending, delivered, failed)
 * POST   /playground/endpoint/{flowId}       the data endpoint, signed here
 * POST   /playground/webhook                 the webhook, signed here
 * </pre>
 */
public final class PlaygroundRoutes implements HttpService {

    /** The WhatsApp id the playground's tokens are issued for: a number from the range reserved for fiction. */
    public static final String PLAYGROUND_WA_ID = "15550100999";
    private static final String WEB = "io/flowgate/playground/web/";
    /** Path segments of letters, digits, '_', '-' and inner dots ({@code a.test.js}): never {@code ..}, never hidden. */
    private static final Pattern WEB_FILE = Pattern.compile(
            "[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(/[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*)*\\.(html|js|mjs|css|png|svg|json|md)");
    private static final Pattern MEDIA_ID = Pattern.compile("[0-9a-f]{32}");
    private static final int MAX_JSON_BODY = 4 * 1024 * 1024;

    /**
     * What the playground drives: the core's inbound ports and what the composition root knows.
     *
     * @param publicKeyPem    the server's newest public key (SPKI PEM): the page wraps its AES keys with it
     * @param maxUploadBytes  the largest encrypted upload accepted (flowgate.media.max-bytes plus the overhead)
     */
    public record Ports(List<PlaygroundFlow> flows, IssueFlowToken tokens, AnswerCheck answers,
                        ManageCompletions completions, String publicKeyPem, LocalCdn cdn, JsonCodec json,
                        long maxUploadBytes) {
        public Ports {
            flows = List.copyOf(flows);
            Objects.requireNonNull(tokens, "tokens");
            Objects.requireNonNull(answers, "answers");
            Objects.requireNonNull(completions, "completions");
            Objects.requireNonNull(publicKeyPem, "publicKeyPem");
            Objects.requireNonNull(cdn, "cdn");
            Objects.requireNonNull(json, "json");
        }
    }

    private final Ports ports;
    private final HttpService endpoint;
    private final HttpService webhook;

    /**
     * @param endpoint the data endpoint's routes ({@code POST /{flowId}}) over a {@link SignedEndpoint}
     * @param webhook  the webhook's routes ({@code POST /}) over a {@link SignedWebhook}
     */
    public PlaygroundRoutes(Ports ports, HttpService endpoint, HttpService webhook) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.webhook = Objects.requireNonNull(webhook, "webhook");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.register("/endpoint", endpoint)
                .register("/webhook", webhook)
                .get("/", (req, res) -> sendWebFile(res, "index.html"))
                .get("/web/{+file}", (req, res) -> sendWebFile(res, req.path().pathParameters().get("file")))
                .get("/api/flows", this::listFlows)
                .get("/api/flows/{flowId}", this::describeFlow)
                .post("/api/flows/{flowId}/token", this::issueToken)
                .post("/api/flows/{flowId}/check", this::checkAnswer)
                .post("/api/media", this::storeMedia)
                .delete("/api/media/{id}", this::forgetMedia)
                .get("/cdn/{id}", this::serveMedia)
                .get("/api/completions/{messageId}", this::completionState)
                .get("/{flowId}", this::flowPage);
    }

    private void flowPage(ServerRequest request, ServerResponse response) {
        String flowId = request.path().pathParameters().get("flowId");
        if (flow(flowId).isEmpty()) {
            response.status(Status.NOT_FOUND_404).header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8")
                    .send("<!doctype html><meta charset=utf-8><title>Unknown flow</title><p>No plugin serves a flow"
                            + " with this id. <a href=\"/playground\">The loaded flows</a></p>");
            return;
        }
        sendWebFile(response, "flow.html");
    }

    private void listFlows(ServerRequest request, ServerResponse response) {
        List<Object> flows = new ArrayList<>();
        for (PlaygroundFlow flow : ports.flows()) {
            flows.add(Map.of("flow_id", flow.flowId(), "source", flow.source(),
                    "has_flow_json", flow.flowJson().isPresent()));
        }
        sendJson(response, Status.OK_200, Map.of("flows", flows));
    }

    private void describeFlow(ServerRequest request, ServerResponse response) {
        Optional<PlaygroundFlow> found = knownFlow(request, response);
        if (found.isEmpty()) {
            return;
        }
        PlaygroundFlow flow = found.get();
        if (flow.flowJson().isEmpty()) {
            sendError(response, Status.CONFLICT_409, "flow \"" + flow.flowId() + "\" has no flow.json: the playground"
                    + " renders a flow from its Flow JSON. Put it into the plugin jar as flow.json (src/main/resources/"
                    + "flow.json), or set flowgate.flows." + flow.flowId() + ".flow-json to its file, and restart");
            return;
        }
        Map<String, Object> flowJson;
        try {
            flowJson = ports.json().readObject(flow.flowJson().get().getBytes(StandardCharsets.UTF_8));
        } catch (JsonCodec.MalformedJsonException e) {
            sendError(response, Status.CONFLICT_409, "the flow.json of flow \"" + flow.flowId() + "\" is not a JSON"
                    + " object: " + e.getMessage());
            return;
        }
        sendJson(response, Status.OK_200, Map.of("flow_id", flow.flowId(), "source", flow.source(),
                "flow_json", flowJson, "public_key", ports.publicKeyPem()));
    }

    private void issueToken(ServerRequest request, ServerResponse response) {
        Optional<PlaygroundFlow> flow = knownFlow(request, response);
        if (flow.isEmpty()) {
            return;
        }
        try {
            var issued = ports.tokens().issue(flow.get().flowId(), PLAYGROUND_WA_ID, Optional.empty(),
                    Map.of("playground", true));
            sendJson(response, Status.OK_200, Map.of("flow_token", issued.flowToken(),
                    "expires_at", issued.expiresAt().toString(), "wa_id", PLAYGROUND_WA_ID));
        } catch (UnknownFlowException e) {
            sendError(response, Status.NOT_FOUND_404, "no plugin serves flow \"" + flow.get().flowId() + "\"");
        } catch (IssueFlowToken.InvalidTokenRequestException e) {
            sendError(response, Status.BAD_REQUEST_400, e.getMessage());
        }
    }

    private void checkAnswer(ServerRequest request, ServerResponse response) {
        Optional<PlaygroundFlow> flow = knownFlow(request, response);
        if (flow.isEmpty()) {
            return;
        }
        Optional<Map<String, Object>> body = jsonBody(request, response);
        if (body.isEmpty()) {
            return;
        }
        Map<String, Object> step = body.get();
        if (!(step.get("action") instanceof String action) || !(step.get("answer") instanceof Map<?, ?> answer)) {
            sendError(response, Status.BAD_REQUEST_400, "send {\"action\": \"INIT\" | \"BACK\" | \"data_exchange\","
                    + " \"screen\": <the request's screen>, \"flow_token\": ..., \"answer\": <the decrypted answer>}");
            return;
        }
        String screen = step.get("screen") instanceof String s ? s : "";
        String token = step.get("flow_token") instanceof String t ? t : null;
        @SuppressWarnings("unchecked")
        Map<String, Object> decrypted = (Map<String, Object>) answer;
        Optional<List<AnswerCheck.StepFinding>> findings;
        try {
            findings = ports.answers().check(flow.get().flowId(), action, screen, token, decrypted);
        } catch (IllegalArgumentException e) {
            sendError(response, Status.BAD_REQUEST_400, e.getMessage());
            return;
        }
        List<Object> listed = new ArrayList<>();
        for (AnswerCheck.StepFinding finding : findings.orElse(List.of())) {
            listed.add(Map.of("code", finding.code(), "severity", finding.severity(), "path", finding.path(),
                    "message", finding.message()));
        }
        sendJson(response, Status.OK_200, Map.of("checked", findings.isPresent(), "findings", listed));
    }

    private void storeMedia(ServerRequest request, ServerResponse response) {
        byte[] encrypted;
        try {
            encrypted = read(request, ports.maxUploadBytes());
        } catch (TooLarge e) {
            sendError(response, Status.REQUEST_ENTITY_TOO_LARGE_413, "the file is larger than flowgate.media.max-bytes"
                    + " allows (" + ports.maxUploadBytes() + " encrypted bytes)");
            return;
        }
        if (encrypted.length == 0) {
            sendError(response, Status.BAD_REQUEST_400, "send the encrypted file as the body");
            return;
        }
        URI url = ports.cdn().put(encrypted, request.localPeer().port());
        String path = url.getPath();
        sendJson(response, Status.OK_200, Map.of("cdn_url", url.toString(),
                "id", path.substring(path.lastIndexOf('/') + 1)));
    }

    private void forgetMedia(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        boolean removed = MEDIA_ID.matcher(id).matches() && ports.cdn().remove(id);
        response.status(removed ? Status.NO_CONTENT_204 : Status.NOT_FOUND_404).send();
    }

    private void serveMedia(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        Optional<byte[]> file = MEDIA_ID.matcher(id).matches() ? ports.cdn().get(id) : Optional.empty();
        if (file.isEmpty()) {
            response.status(Status.NOT_FOUND_404).header(HeaderNames.CONTENT_TYPE, "text/plain")
                    .send("no such file: the playground keeps uploads only for the step that sends them");
            return;
        }
        response.header(HeaderNames.CONTENT_TYPE, "application/octet-stream").send(file.get());
    }

    private void completionState(ServerRequest request, ServerResponse response) {
        String messageId = request.path().pathParameters().get("messageId");
        for (DeliveryState state : DeliveryState.values()) {
            // Newest first: the playground asks about the message it just posted, which is on the first page.
            for (InboxEntry entry : ports.completions().list(state, ManageCompletions.MAX_PAGE_SIZE, Optional.empty())
                    .entries()) {
                if (entry.messageId().equals(messageId)) {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("message_id", messageId);
                    answer.put("flow_id", entry.flowId());
                    answer.put("state", entry.state().code());
                    answer.put("attempts", entry.attempts());
                    entry.lastError().ifPresent(error -> answer.put("last_error", error.toString()));
                    sendJson(response, Status.OK_200, answer);
                    return;
                }
            }
        }
        sendError(response, Status.NOT_FOUND_404, "no completion with this message id has been received");
    }

    private Optional<PlaygroundFlow> flow(String flowId) {
        return ports.flows().stream().filter(flow -> flow.flowId().equals(flowId)).findFirst();
    }

    private Optional<PlaygroundFlow> knownFlow(ServerRequest request, ServerResponse response) {
        String flowId = request.path().pathParameters().get("flowId");
        Optional<PlaygroundFlow> flow = flow(flowId);
        if (flow.isEmpty()) {
            sendError(response, Status.NOT_FOUND_404, "no plugin serves this flow id; GET /playground/api/flows lists"
                    + " the loaded flows");
        }
        return flow;
    }

    private Optional<Map<String, Object>> jsonBody(ServerRequest request, ServerResponse response) {
        try {
            return Optional.of(ports.json().readObject(read(request, MAX_JSON_BODY)));
        } catch (TooLarge e) {
            sendError(response, Status.REQUEST_ENTITY_TOO_LARGE_413, "the body is larger than " + MAX_JSON_BODY + " bytes");
        } catch (JsonCodec.MalformedJsonException e) {
            sendError(response, Status.BAD_REQUEST_400, "the body must be a JSON object: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static byte[] read(ServerRequest request, long maxBytes) throws TooLarge {
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw new TooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body is over its limit. */
    private static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private static void sendWebFile(ServerResponse response, String file) {
        if (file == null || !WEB_FILE.matcher(file).matches()) {
            response.status(Status.NOT_FOUND_404).send();
            return;
        }
        try (InputStream in = PlaygroundRoutes.class.getClassLoader().getResourceAsStream(WEB + file)) {
            if (in == null) {
                response.status(Status.NOT_FOUND_404).send();
                return;
            }
            response.header(HeaderNames.CONTENT_TYPE, contentType(file))
                    // The files change with the server's version, not while it runs; no-cache keeps a rebuilt
                    // server's page from running yesterday's modules.
                    .header(HeaderNames.CACHE_CONTROL, "no-cache")
                    .send(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String file) {
        String extension = file.substring(file.lastIndexOf('.') + 1);
        return switch (extension) {
            case "html" -> "text/html; charset=UTF-8";
            case "js", "mjs" -> "text/javascript; charset=UTF-8";
            case "css" -> "text/css; charset=UTF-8";
            case "png" -> "image/png";
            case "svg" -> "image/svg+xml";
            case "json" -> "application/json; charset=UTF-8";
            default -> "text/plain; charset=UTF-8";
        };
    }

    private void sendJson(ServerResponse response, Status status, Map<String, Object> body) {
        response.status(status).header(HeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8").send(ports.json().writeObject(body));
    }

    private void sendError(ServerResponse response, Status status, String message) {
        sendJson(response, status, Map.of("error", message));
    }
}
