package io.flowgate.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta's Graph API as the tests need it: a real HTTP server on loopback that checks each request against the
 * documented shape (path, method, bearer token, content type, body fields) and answers like Meta, errors
 * included ({@code {"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}}). A request of the
 * wrong shape is answered 400 (code 100) and kept in {@link #violations()}, which each test expects empty.
 */
final class FakeGraphApi implements AutoCloseable {

    static final String VERSION = "v23.0";
    static final String ACCESS_TOKEN = "EAAG-fake-access-token-never-shown-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final Pattern DIGITS = Pattern.compile("[0-9]{5,20}");

    /** One request as it arrived. */
    record Received(String method, String path, String query, String contentType, String authorization, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Map<String, Object> json() {
            try {
                return JSON.readValue(body, OBJECT);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + text(), e);
            }
        }
    }

    /** An error answer to give: HTTP status, Meta code, message. */
    record Failure(int status, long code, String message) {
    }

    /** A flow as Meta keeps it. */
    static final class Flow {
        final String id;
        String name;
        List<Object> categories;
        String status = "DRAFT";
        byte[] flowJson;
        String endpointUri = "";
        List<Map<String, Object>> validationErrors = List.of();
        Map<String, Object> health = Map.of("can_send_message", "AVAILABLE", "entities", List.of());

        Flow(String id) {
            this.id = id;
        }
    }

    /** A phone number's key at Meta. */
    record Key(String pem, String signatureStatus) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Key> keys = new HashMap<>();
    private final Map<String, Flow> flows = new LinkedHashMap<>();
    private final Deque<Failure> messageFailures = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean flatKeyShape;
    private volatile List<Map<String, Object>> nextValidationErrors = List.of();

    private FakeGraphApi(HttpServer server) {
        this.server = server;
    }

    static FakeGraphApi start() throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var fake = new FakeGraphApi(server);
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    /** What {@code flowgate.meta.graph-url} is set to. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + VERSION;
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    synchronized List<Received> received(String method, String pathSuffix) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().endsWith(pathSuffix)).toList();
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized void key(String phoneNumberId, String pem, String status) {
        keys.put(phoneNumberId, new Key(pem, status));
    }

    synchronized Key key(String phoneNumberId) {
        return keys.get(phoneNumberId);
    }

    /** Answer the key GET as the flat object of Meta's reference page instead of {"data": [...]}. */
    void answerKeysFlat() {
        flatKeyShape = true;
    }

    /** The next sends are answered with these errors, in order. */
    synchronized void failNextSends(Failure... failures) {
        messageFailures.addAll(List.of(failures));
    }

    /** The next Flow JSON upload gets these validation errors. */
    void validationErrorsOnNextUpload(List<Map<String, Object>> errors) {
        nextValidationErrors = List.copyOf(errors);
    }

    synchronized Flow flow(String id) {
        return flows.get(id);
    }

    synchronized Flow addFlow(String id, String name) {
        var flow = new Flow(id);
        flow.name = name;
        flow.categories = List.of("OTHER");
        flows.put(id, flow);
        return flow;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        var request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Authorization"),
                body);
        Answer answer;
        synchronized (this) {
            received.add(request);
            answer = answer(request);
        }
        byte[] bytes = answer.body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(answer.body);
        exchange.getResponseHeaders().add("Content-Type", answer.body instanceof byte[] ? "application/octet-stream"
                : "application/json");
        exchange.sendResponseHeaders(answer.status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private record Answer(int status, Object body) {
    }

    private static Answer ok(Object body) {
        return new Answer(200, body);
    }

    private static Answer error(int status, long code, String type, String message) {
        var error = new LinkedHashMap<String, Object>();
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        error.put("error_subcode", code == 190 ? 463 : 2494010);
        error.put("fbtrace_id", "AbCdEfFakeTrace" + code);
        return new Answer(status, Map.of("error", error));
    }

    private Answer violation(Received request, String what) {
        violations.add(request.method() + " " + request.path() + ": " + what);
        return error(400, 100, "OAuthException", "(#100) " + what);
    }

    private Answer answer(Received request) {
        String path = request.path();
        if (path.startsWith("/download/")) {
            if (request.authorization() != null) {
                return violation(request, "the access token was sent to the asset download URL");
            }
            Flow flow = flows.get(path.substring("/download/".length()));
            return flow == null || flow.flowJson == null ? error(404, 100, "GraphMethodException", "no asset")
                    : ok(flow.flowJson);
        }
        if (!path.startsWith("/" + VERSION + "/")) {
            return violation(request, "not under /" + VERSION + " (flowgate.meta.graph-url)");
        }
        if (!("Bearer " + ACCESS_TOKEN).equals(request.authorization())) {
            return error(401, 190, "OAuthException", "Invalid OAuth access token - Cannot parse access token");
        }
        String[] parts = path.substring(VERSION.length() + 2).split("/");
        String method = request.method();
        if (parts.length == 2 && parts[1].equals("whatsapp_business_encryption")) {
            return method.equals("POST") ? uploadKey(request, parts[0]) : readKey(parts[0]);
        }
        if (parts.length == 2 && parts[1].equals("messages") && method.equals("POST")) {
            return message(request);
        }
        if (parts.length == 2 && parts[1].equals("flows") && method.equals("POST")) {
            return createFlow(request);
        }
        Flow flow = flows.get(parts[0]);
        if (flow == null) {
            return error(400, 100, "GraphMethodException", "Unsupported request - object with ID '" + parts[0]
                    + "' does not exist");
        }
        if (parts.length == 2 && parts[1].equals("assets") && method.equals("POST")) {
            return uploadAsset(request, flow);
        }
        if (parts.length == 2 && parts[1].equals("assets") && method.equals("GET")) {
            return ok(Map.of("data", flow.flowJson == null ? List.of() : List.of(Map.of("name", "flow.json",
                    "asset_type", "FLOW_JSON", "download_url", "http://127.0.0.1:" + server.getAddress().getPort()
                            + "/download/" + flow.id))));
        }
        if (parts.length == 2 && parts[1].equals("publish") && method.equals("POST")) {
            if (!flow.validationErrors.isEmpty()) {
                return error(400, 139001, "OAuthException", "Flow can't be published: it has validation errors");
            }
            flow.status = "PUBLISHED";
            return ok(Map.of("success", true));
        }
        if (parts.length == 1 && method.equals("POST")) {
            Map<String, Object> fields = request.json();
            if (!(fields.get("endpoint_uri") instanceof String uri) || !uri.startsWith("https://")) {
                return violation(request, "endpoint_uri must be an https URL");
            }
            flow.endpointUri = uri;
            return ok(Map.of("success", true));
        }
        if (parts.length == 1 && method.equals("GET")) {
            if (!request.query().startsWith("fields=")) {
                return violation(request, "GET /{flow-id} needs ?fields=");
            }
            var state = new LinkedHashMap<String, Object>();
            state.put("id", flow.id);
            state.put("name", flow.name);
            state.put("status", flow.status);
            state.put("validation_errors", flow.validationErrors);
            state.put("health_status", flow.health);
            return ok(state);
        }
        return violation(request, "no such Graph API call");
    }

    private Answer uploadKey(Received request, String phoneNumberId) {
        if (!"application/x-www-form-urlencoded".equals(request.contentType())) {
            return violation(request, "business_public_key is sent form-urlencoded");
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : request.text().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        String pem = form.getOrDefault("business_public_key", "");
        if (!pem.startsWith("-----BEGIN PUBLIC KEY-----")) {
            return violation(request, "business_public_key must be a PEM public key");
        }
        keys.put(phoneNumberId, new Key(pem, "VALID"));
        return ok(Map.of("success", true));
    }

    private Answer readKey(String phoneNumberId) {
        Key key = keys.get(phoneNumberId);
        var fields = new LinkedHashMap<String, Object>();
        if (key != null) {
            fields.put("business_public_key", key.pem());
            fields.put("business_public_key_signature_status", key.signatureStatus());
        }
        if (flatKeyShape) {
            return ok(fields);
        }
        return ok(Map.of("data", key == null ? List.of() : List.of(fields)));
    }

    @SuppressWarnings("unchecked")
    private Answer message(Received request) {
        if (!"application/json".equals(request.contentType())) {
            return violation(request, "messages are sent as JSON");
        }
        Map<String, Object> body = request.json();
        if (!"whatsapp".equals(body.get("messaging_product"))) {
            return violation(request, "messaging_product must be whatsapp");
        }
        if (!(body.get("to") instanceof String to) || !DIGITS.matcher(to).matches()) {
            return violation(request, "to must be the wa_id's digits");
        }
        String token;
        if ("interactive".equals(body.get("type"))) {
            var interactive = (Map<String, Object>) body.get("interactive");
            if (interactive == null || !"flow".equals(interactive.get("type"))
                    || !(interactive.get("body") instanceof Map<?, ?> text) || !(text.get("text") instanceof String)) {
                return violation(request, "interactive.type flow with body.text");
            }
            var action = (Map<String, Object>) interactive.get("action");
            if (action == null || !"flow".equals(action.get("name")) || !(action.get("parameters") instanceof Map<?, ?>)) {
                return violation(request, "interactive.action {name: flow, parameters}");
            }
            var parameters = (Map<String, Object>) action.get("parameters");
            String problem = parametersProblem(parameters);
            if (problem != null) {
                return violation(request, problem);
            }
            token = (String) parameters.get("flow_token");
        } else if ("template".equals(body.get("type"))) {
            var template = (Map<String, Object>) body.get("template");
            if (template == null || !(template.get("name") instanceof String)
                    || !(template.get("language") instanceof Map<?, ?> language) || !(language.get("code") instanceof String)) {
                return violation(request, "template {name, language: {code}}");
            }
            var buttons = ((List<Map<String, Object>>) template.getOrDefault("components", List.of())).stream()
                    .filter(c -> "button".equals(c.get("type")) && "flow".equals(c.get("sub_type"))).toList();
            if (buttons.size() != 1 || !"0".equals(buttons.getFirst().get("index"))) {
                return violation(request, "one flow button component with index \"0\"");
            }
            var parameters = (List<Map<String, Object>>) buttons.getFirst().get("parameters");
            if (parameters == null || parameters.size() != 1 || !"action".equals(parameters.getFirst().get("type"))
                    || !(parameters.getFirst().get("action") instanceof Map<?, ?> action)
                    || !(action.get("flow_token") instanceof String)) {
                return violation(request, "the flow button's parameters [{type: action, action: {flow_token}}]");
            }
            token = (String) ((Map<String, Object>) parameters.getFirst().get("action")).get("flow_token");
        } else {
            return violation(request, "type must be interactive or template");
        }
        if (token.isBlank()) {
            return violation(request, "flow_token is empty");
        }
        Failure failure = messageFailures.poll();
        if (failure != null) {
            return error(failure.status(), failure.code(), "OAuthException", failure.message());
        }
        String wamid = "wamid.FAKE" + ids.incrementAndGet();
        return ok(Map.of("messaging_product", "whatsapp", "contacts", List.of(Map.of("input", body.get("to"),
                "wa_id", body.get("to"))), "messages", List.of(Map.of("id", wamid))));
    }

    private static String parametersProblem(Map<String, Object> parameters) {
        if (!"3".equals(parameters.get("flow_message_version"))) {
            return "flow_message_version must be \"3\"";
        }
        if (!(parameters.get("flow_token") instanceof String)) {
            return "flow_token is missing";
        }
        if (parameters.containsKey("flow_id") == parameters.containsKey("flow_name")) {
            return "exactly one of flow_id and flow_name";
        }
        if (!(parameters.get("flow_cta") instanceof String cta) || cta.isEmpty() || cta.length() > 30) {
            return "flow_cta must be 1 to 30 characters";
        }
        Object mode = parameters.getOrDefault("mode", "published");
        if (!"published".equals(mode) && !"draft".equals(mode)) {
            return "mode must be published or draft";
        }
        Object flowAction = parameters.getOrDefault("flow_action", "navigate");
        if ("data_exchange".equals(flowAction)) {
            return parameters.containsKey("flow_action_payload") ? "data_exchange takes no flow_action_payload" : null;
        }
        if (!"navigate".equals(flowAction)) {
            return "flow_action must be navigate or data_exchange";
        }
        if (!(parameters.get("flow_action_payload") instanceof Map<?, ?> payload) || !(payload.get("screen") instanceof String)) {
            return "navigate needs flow_action_payload.screen";
        }
        if (payload.containsKey("data") && (!(payload.get("data") instanceof Map<?, ?> data) || data.isEmpty())) {
            return "flow_action_payload.data must be a non-empty object";
        }
        return null;
    }

    private Answer createFlow(Received request) {
        Map<String, Object> body = request.json();
        if (!(body.get("name") instanceof String name) || name.isBlank()) {
            return violation(request, "a flow needs a name");
        }
        if (!(body.get("categories") instanceof List<?> categories) || categories.isEmpty()) {
            return violation(request, "a flow needs categories");
        }
        String id = "1" + String.format("%014d", ids.incrementAndGet());
        var flow = new Flow(id);
        flow.name = name;
        flow.categories = List.copyOf(categories);
        flows.put(id, flow);
        return ok(Map.of("id", id));
    }

    private Answer uploadAsset(Received request, Flow flow) {
        String type = request.contentType() == null ? "" : request.contentType();
        Matcher boundary = Pattern.compile("multipart/form-data; boundary=(.+)").matcher(type);
        if (!boundary.matches()) {
            return violation(request, "assets are uploaded as multipart/form-data");
        }
        Map<String, String> fields = new HashMap<>();
        byte[] file = null;
        String fileName = null;
        for (String part : request.text().split("--" + Pattern.quote(boundary.group(1)))) {
            int split = part.indexOf("\r\n\r\n");
            if (split < 0) {
                continue;
            }
            String headers = part.substring(0, split);
            String content = part.substring(split + 4).replaceFirst("\r\n$", "");
            Matcher name = Pattern.compile("name=\"([^\"]+)\"(; filename=\"([^\"]+)\")?").matcher(headers);
            if (!name.find()) {
                continue;
            }
            if (name.group(3) != null) {
                file = content.getBytes(StandardCharsets.UTF_8);
                fileName = name.group(3);
            } else {
                fields.put(name.group(1), content);
            }
        }
        if (file == null || !"flow.json".equals(fields.get("name")) || !"FLOW_JSON".equals(fields.get("asset_type"))
                || !"flow.json".equals(fileName)) {
            return violation(request, "assets: file, name=flow.json, asset_type=FLOW_JSON");
        }
        flow.flowJson = file;
        flow.validationErrors = nextValidationErrors;
        nextValidationErrors = List.of();
        return ok(Map.of("success", true, "validation_errors", flow.validationErrors));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
