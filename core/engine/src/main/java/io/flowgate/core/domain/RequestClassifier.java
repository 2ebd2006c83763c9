package io.flowgate.core.domain;

import io.flowgate.spi.ErrorNotification;
import io.flowgate.spi.FlowAction;
import io.flowgate.spi.FlowRequest;

import java.util.Map;
import java.util.Set;

/**
 * Tells apart the kinds of decrypted request (protocol.md section 3).
 *
 * <p>Order matters: a ping is recognised before anything else (it has no token and no screen), and an
 * error notification before any business logic, because it arrives with an ordinary action
 * ({@code data_exchange} or {@code INIT}) and must only be acknowledged.
 */
public final class RequestClassifier {

    private static final Set<String> ERROR_FIELDS = Set.of("error", "error_key", "error_message");

    private RequestClassifier() {
    }

    public static DecryptedMessage classify(Map<String, Object> payload) throws MalformedRequestException {
        String action = optionalText(payload, "action");
        if (action.isEmpty()) {
            throw new MalformedRequestException("the payload has no \"action\"");
        }
        if (action.equals("ping")) {
            return new DecryptedMessage.HealthCheck();
        }
        FlowAction flowAction = parseAction(action);
        String screen = optionalText(payload, "screen");
        String flowToken = optionalText(payload, "flow_token");
        String version = optionalText(payload, "version");
        Map<String, Object> data = optionalObject(payload, "data");

        if (isErrorNotification(flowAction, data)) {
            return new DecryptedMessage.ErrorReport(ErrorNotification.builder().screen(screen)
                    .errorKey(textOrEmpty(data.getOrDefault("error", data.get("error_key"))))
                    .errorMessage(textOrEmpty(data.get("error_message"))).flowToken(flowToken).build());
        }
        if (flowAction == FlowAction.DATA_EXCHANGE && screen.isEmpty()) {
            throw new MalformedRequestException("a data_exchange request must name its \"screen\"");
        }
        try {
            return new DecryptedMessage.Step(FlowRequest.builder(flowAction).screen(screen).data(data)
                    .flowToken(flowToken).version(version).build());
        } catch (IllegalArgumentException e) {
            // Values the plugin API cannot carry, such as 1e400 (read as infinity): the client's mistake.
            throw new MalformedRequestException(e.getMessage());
        }
    }

    /**
     * The documented shape (protocol.md 3.2): action {@code data_exchange} or {@code INIT}, and {@code data}
     * holding only the error's own fields as text: {@code error} (or {@code error_key}, as Meta's parameter
     * table names it) and/or {@code error_message}. A form that merely has a field named {@code error} sends
     * other fields beside it, or a value that is not text, and stays a step.
     */
    private static boolean isErrorNotification(FlowAction action, Map<String, Object> data) {
        if (action == FlowAction.BACK || data.isEmpty()) {
            return false;
        }
        for (var entry : data.entrySet()) {
            if (!ERROR_FIELDS.contains(entry.getKey()) || !(entry.getValue() instanceof String)) {
                return false;
            }
        }
        return true;
    }

    private static FlowAction parseAction(String action) throws MalformedRequestException {
        for (FlowAction candidate : FlowAction.values()) {
            if (candidate.wireName().equals(action)) {
                return candidate;
            }
        }
        throw new MalformedRequestException("unknown action \"" + LogSafe.text(action)
                + "\": expected ping, INIT, BACK or data_exchange");
    }

    private static String optionalText(Map<String, Object> payload, String field) throws MalformedRequestException {
        Object value = payload.get(field);
        if (value == null) {
            return "";
        }
        if (value instanceof String text) {
            return text;
        }
        throw new MalformedRequestException("\"" + field + "\" must be a string");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> optionalObject(Map<String, Object> payload, String field)
            throws MalformedRequestException {
        Object value = payload.get(field);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new MalformedRequestException("\"" + field + "\" must be an object");
    }

    private static String textOrEmpty(Object value) {
        return value instanceof String text ? text : "";
    }
}
