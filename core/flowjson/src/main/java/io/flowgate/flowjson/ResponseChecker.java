package io.flowgate.flowjson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks one answer of the endpoint against a compiled flow, with the rules the WhatsApp client applies: the
 * screen exists, the transition fits the routing model, the data fits the target screen's model (no null
 * anywhere), and SUCCESS carries {@code params} with the request's flow token.
 *
 * <p>Immutable and thread-safe; a check walks the answer once and allocates nothing for paths or messages
 * until it finds something. Messages name screens, keys, types and paths, never a value of the answer.
 */
public final class ResponseChecker {

    /** Findings kept per answer; more are counted in {@link Verdict#omitted()}. */
    public static final int MAX_FINDINGS = 50;

    static final String SUCCESS = "SUCCESS";
    static final String ERROR_MESSAGE = "error_message";
    static final String EXTENSION_MESSAGE_RESPONSE = "extension_message_response";

    private final CompiledFlow flow;

    public ResponseChecker(CompiledFlow flow) {
        this.flow = Objects.requireNonNull(flow, "flow");
    }

    /**
     * @param request what the answer replies to
     * @param answer  the answer tree exactly as it will be sent: {@code {"screen": ..., "data": {...}}}
     */
    public Verdict check(RequestContext request, Map<String, Object> answer) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(answer, "answer");
        var findings = new FindingCollector(MAX_FINDINGS);
        Object screenValue = answer.get("screen");
        Object dataValue = answer.get("data");
        if (!(screenValue instanceof String target) || target.isEmpty()) {
            findings.add(Code.ENVELOPE_SCREEN, Severity.ERROR, "/screen", "the answer must name the screen to show in"
                    + " 'screen' (a non-empty string), got " + (answer.containsKey("screen")
                    ? JsonTypes.nameOf(screenValue) : "no 'screen'"));
            return findings.verdict();
        }
        Map<?, ?> data = dataValue instanceof Map<?, ?> map ? map : null;
        if (data == null) {
            findings.add(Code.ENVELOPE_DATA, Severity.ERROR, "/data", Names.printable(target)
                    + ": the answer must carry 'data' as a JSON object (send {} when there is nothing to send), got "
                    + (answer.containsKey("data") ? JsonTypes.nameOf(dataValue) : "no 'data'"));
        } else {
            Object errorMessage = data.get(ERROR_MESSAGE);
            if (data.containsKey(ERROR_MESSAGE) && !(errorMessage instanceof String)) {
                findings.add(Code.ENVELOPE_ERROR_MESSAGE, Severity.ERROR, "/data/error_message",
                        Names.printable(target) + ": /data/error_message is the snackbar text and must be a string, got "
                                + JsonTypes.nameOf(errorMessage));
            }
        }
        if (target.equals(SUCCESS)) {
            if (data != null) {
                checkSuccess(request, data, findings);
            }
            return findings.verdict();
        }
        Optional<Screen> screen = flow.screen(target);
        if (screen.isEmpty()) {
            findings.add(Code.ROUTE_UNKNOWN_SCREEN, Severity.ERROR, "/screen", "screen " + Names.printable(target)
                    + " is not defined in the Flow JSON (screens: " + ScreenLists.of(screenIds()) + "); answer with"
                    + " one of them, or check that the Flow JSON Flowgate has is the one published to Meta");
            return findings.verdict();
        }
        boolean refresh = checkTransition(request, target, findings);
        if (data != null) {
            new DataCheck(screen.get(), findings).check(data, refresh);
        }
        return findings.verdict();
    }

    /** @return whether the answer refreshes the screen the request came from (rather than entering one) */
    private boolean checkTransition(RequestContext request, String target, FindingCollector findings) {
        RoutingGraph routing = flow.routing();
        String source = request.screen();
        if (request.action() == RequestAction.INIT || source.isEmpty()) {
            if (!routing.entryScreens().contains(target)) {
                String asked = request.action() == RequestAction.INIT ? "INIT"
                        : request.action() + " without a source screen";
                findings.add(Code.ROUTE_INIT_NOT_ENTRY, Severity.ERROR, "/screen", asked
                        + " must be answered with an entry screen (one without an inbound edge); "
                        + Names.printable(target) + " has an inbound edge from " + ScreenLists.of(routing.backward(target))
                        + " (entry screens: " + ScreenLists.of(routing.entryScreens()) + ")");
            }
            return false;
        }
        if (flow.screen(source).isEmpty()) {
            findings.add(Code.ROUTE_UNKNOWN_SOURCE, Severity.WARNING, "/screen", "the request came from screen "
                    + Names.printable(source) + ", which the Flow JSON does not define, so the transition to "
                    + Names.printable(target) + " is not checked; is the Flow JSON Flowgate has the one published to Meta?");
            return source.equals(target);
        }
        if (!routing.allows(source, target)) {
            findings.add(Code.ROUTE_NOT_ALLOWED, Severity.ERROR, "/screen", "transition " + Names.printable(source)
                    + " -> " + Names.printable(target) + " is not allowed by routing_model (allowed from "
                    + Names.printable(source) + ": " + describeAllowed(source)
                    + "); answer with one of these or add the edge to routing_model");
        } else if (request.action() == RequestAction.BACK && !routing.backward(source).contains(target)) {
            findings.add(Code.ROUTE_BACK_UNUSUAL, Severity.WARNING, "/screen", "BACK from " + Names.printable(source)
                    + " answered with " + Names.printable(target) + "; the user expects a screen with an edge into "
                    + Names.printable(source) + " (" + ScreenLists.of(routing.backward(source)) + ")");
        }
        return source.equals(target);
    }

    private String describeAllowed(String source) {
        RoutingGraph routing = flow.routing();
        var allowed = new ArrayList<String>();
        allowed.add(Names.printable(source) + " (refresh)");
        routing.forward(source).forEach(screen -> allowed.add(Names.printable(screen) + " (forward)"));
        routing.backward(source).forEach(screen -> allowed.add(Names.printable(screen) + " (back)"));
        return String.join(", ", allowed);
    }

    private List<String> screenIds() {
        return flow.screens().stream().map(Screen::id).toList();
    }

    private static void checkSuccess(RequestContext request, Map<?, ?> data, FindingCollector findings) {
        Object response = data.get(EXTENSION_MESSAGE_RESPONSE);
        Object params = response instanceof Map<?, ?> map ? map.get("params") : null;
        if (!(params instanceof Map<?, ?> paramMap)) {
            findings.add(Code.SUCCESS_NO_PARAMS, Severity.ERROR, response instanceof Map<?, ?>
                            ? "/data/extension_message_response/params" : "/data/extension_message_response",
                    "SUCCESS without /data/extension_message_response/params as an object: the flow closes but no"
                            + " completion message reaches the webhook; put the completion values and flow_token there");
        } else {
            Object token = paramMap.get("flow_token");
            String tokenPath = "/data/extension_message_response/params/flow_token";
            if (!(token instanceof String echoed)) {
                findings.add(Code.SUCCESS_TOKEN, Severity.ERROR, tokenPath, "SUCCESS: params.flow_token must be the"
                        + " request's flow_token (a string), got " + (paramMap.containsKey("flow_token")
                        ? JsonTypes.nameOf(token) : "no flow_token"));
            } else if (request.flowToken().isPresent() && !request.flowToken().get().equals(echoed)) {
                findings.add(Code.SUCCESS_TOKEN, Severity.ERROR, tokenPath,
                        "SUCCESS: params.flow_token is not the request's flow_token; echo the token of this request");
            }
            var path = new PathStack("/data/extension_message_response/params");
            new ValueWalker(new NullsOnly(findings, "SUCCESS")).findNulls(paramMap, path);
        }
        for (Object key : data.keySet()) {
            if (!EXTENSION_MESSAGE_RESPONSE.equals(key)) {
                String name = String.valueOf(key);
                findings.add(Code.DATA_NOT_EXPECTED, Severity.WARNING, Pointer.of("data", name), "SUCCESS: /data/"
                        + Pointer.escape(name) + " is ignored, the flow closes; only extension_message_response.params"
                        + " reaches the webhook");
            }
        }
    }

    /** The data of one answer against its target screen's model. */
    private static final class DataCheck implements ValueWalker.Listener {

        private final Screen screen;
        private final String screenName;
        private final FindingCollector findings;

        DataCheck(Screen screen, FindingCollector findings) {
            this.screen = screen;
            this.screenName = Names.printable(screen.id());
            this.findings = findings;
        }

        void check(Map<?, ?> data, boolean refresh) {
            if (data.containsKey(EXTENSION_MESSAGE_RESPONSE)) {
                findings.add(Code.EMR_IGNORED, Severity.WARNING, "/data/extension_message_response", screenName
                        + ": /data/extension_message_response is ignored on screens other than SUCCESS; answer with"
                        + " screen SUCCESS to complete the flow");
            }
            var path = new PathStack("/data");
            var walker = new ValueWalker(this);
            DataType.ObjectType model = screen.data().orElse(null);
            if (model == null || model.properties().isEmpty()) {
                int keys = 0;
                for (Object key : data.keySet()) {
                    keys += isEnvelopeKey(key) ? 0 : 1;
                }
                if (keys > 0) {
                    findings.add(Code.DATA_NOT_EXPECTED, Severity.WARNING, "/data", screenName + " declares no data,"
                            + " so the client ignores the " + keys + (keys == 1 ? " key" : " keys") + " of this answer;"
                            + " declare them in the screen's data model or leave them out");
                }
                for (var entry : data.entrySet()) {
                    if (!isEnvelopeKey(entry.getKey())) {
                        path.pushKey(String.valueOf(entry.getKey()));
                        walker.findNulls(entry.getValue(), path);
                        path.pop();
                    }
                }
                return;
            }
            for (var field : model.properties().entrySet()) {
                String key = field.getKey();
                path.pushKey(key);
                if (data.containsKey(key)) {
                    walker.walk(field.getValue(), data.get(key), path);
                } else if (refresh) {
                    findings.add(Code.DATA_MISSING, Severity.INFO, path.pointer(), screenName + ": " + path.pointer()
                            + " is not in this refresh; the client keeps the value the screen already has");
                } else {
                    findings.add(Code.DATA_MISSING, Severity.ERROR, path.pointer(), screenName + ": " + path.pointer()
                            + " is declared in the data model of " + screenName + " but missing; send every declared"
                            + " key when entering a screen");
                }
                path.pop();
            }
            for (var entry : data.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (!isEnvelopeKey(key) && !model.properties().containsKey(key)) {
                    path.pushKey(key);
                    report(Code.DATA_UNDECLARED, Severity.WARNING, path, screenName + ": " + path.pointer()
                            + " is not declared in the data model of " + screenName + hint(key, model, data)
                            + "; no component can show it: declare it or stop sending it");
                    walker.findNulls(entry.getValue(), path);
                    path.pop();
                }
            }
        }

        private static boolean isEnvelopeKey(Object key) {
            return ERROR_MESSAGE.equals(key) || EXTENSION_MESSAGE_RESPONSE.equals(key);
        }

        @Override
        public void typeMismatch(PathStack path, DataType expected, Object actual) {
            if (skipped(Severity.ERROR)) {
                return;
            }
            report(Code.DATA_TYPE, Severity.ERROR, path, screenName + ": " + path.pointer() + " "
                    + JsonTypes.mismatch(expected, actual));
        }

        @Override
        public void nullValue(PathStack path) {
            if (skipped(Severity.ERROR)) {
                return;
            }
            report(Code.DATA_NULL, Severity.ERROR, path, screenName + ": " + path.pointer() + " is null; WhatsApp"
                    + " rejects null anywhere in data (leave the key out or send an empty value such as \"\")");
        }

        @Override
        public void undeclared(PathStack path, String key, DataType.ObjectType type, Map<?, ?> object) {
            if (skipped(Severity.INFO)) {
                return;
            }
            report(Code.DATA_UNDECLARED, Severity.INFO, path, screenName + ": " + path.pointer()
                    + " is not declared in the data model of " + screenName + hint(key, type, object)
                    + "; the client passes it on unchecked");
        }

        @Override
        public void tooDeep(PathStack path) {
            report(Code.DATA_TOO_DEEP, Severity.WARNING, path, screenName + ": " + path.pointer() + " nests deeper than "
                    + ValueWalker.MAX_DEPTH + " levels; Flowgate checks no further");
        }

        /** Counts instead of building a message once the collector keeps no more findings. */
        private boolean skipped(Severity severity) {
            if (findings.isFull()) {
                findings.omit(severity);
                return true;
            }
            return false;
        }

        private void report(Code code, Severity severity, PathStack path, String message) {
            findings.add(code, severity, path.pointer(), message);
        }

        /** Suggests a declared key the object lacks, the likely intended spelling of {@code key}. */
        private static String hint(String key, DataType.ObjectType type, Map<?, ?> object) {
            var missing = new ArrayList<String>();
            for (String declared : type.properties().keySet()) {
                if (!object.containsKey(declared)) {
                    missing.add(declared);
                }
            }
            return Names.closest(key, missing).map(name -> " (did you mean " + Names.quoted(name) + "?)").orElse("");
        }
    }

    /** Reports nulls in data no model describes (SUCCESS's params). */
    private record NullsOnly(FindingCollector findings, String screenName) implements ValueWalker.Listener {

        @Override
        public void typeMismatch(PathStack path, DataType expected, Object actual) {
            throw new IllegalStateException("no type is checked here");
        }

        @Override
        public void nullValue(PathStack path) {
            findings.add(Code.DATA_NULL, Severity.ERROR, path.pointer(), screenName + ": " + path.pointer()
                    + " is null; WhatsApp rejects null values (leave the key out or send an empty value such as \"\")");
        }

        @Override
        public void undeclared(PathStack path, String key, DataType.ObjectType type, Map<?, ?> object) {
            throw new IllegalStateException("no model is checked here");
        }

        @Override
        public void tooDeep(PathStack path) {
            findings.add(Code.DATA_TOO_DEEP, Severity.WARNING, path.pointer(), screenName + ": " + path.pointer()
                    + " nests deeper than " + ValueWalker.MAX_DEPTH + " levels; Flowgate checks no further");
        }
    }
}
