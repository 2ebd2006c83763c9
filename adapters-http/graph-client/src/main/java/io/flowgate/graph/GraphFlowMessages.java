package io.flowgate.graph;

import io.flowgate.core.domain.GraphCallException;
import io.flowgate.core.port.out.FlowMessages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /{phone-number-id}/messages}: interactive flow messages and templates with a flow button. */
public final class GraphFlowMessages implements FlowMessages {

    private final GraphApi graph;

    public GraphFlowMessages(GraphApi graph) {
        this.graph = graph;
    }

    @Override
    public String send(String phoneNumberId, Interactive message) throws GraphCallException {
        var parameters = new LinkedHashMap<String, Object>();
        parameters.put("flow_message_version", "3");
        parameters.put("flow_token", message.flowToken());
        parameters.put("flow_id", message.metaFlowId());
        parameters.put("flow_cta", message.cta());
        parameters.put("mode", message.mode());
        if (message.opening() == Opening.NAVIGATE) {
            var payload = new LinkedHashMap<String, Object>();
            payload.put("screen", message.screen().orElseThrow());
            // Meta wants a non-empty object or no data at all.
            if (!message.data().isEmpty()) {
                payload.put("data", message.data());
            }
            parameters.put("flow_action", "navigate");
            parameters.put("flow_action_payload", payload);
        } else {
            // The client sends INIT to the endpoint, which the plugin answers; no payload then.
            parameters.put("flow_action", "data_exchange");
        }
        var interactive = new LinkedHashMap<String, Object>();
        interactive.put("type", "flow");
        message.header().ifPresent(text -> interactive.put("header", Map.of("type", "text", "text", text)));
        interactive.put("body", Map.of("text", message.body()));
        message.footer().ifPresent(text -> interactive.put("footer", Map.of("text", text)));
        interactive.put("action", Map.of("name", "flow", "parameters", parameters));
        var body = envelope(message.to(), "interactive");
        body.put("interactive", interactive);
        return send(phoneNumberId, body);
    }

    @Override
    public String send(String phoneNumberId, Template message) throws GraphCallException {
        var action = new LinkedHashMap<String, Object>();
        action.put("flow_token", message.flowToken());
        if (!message.flowActionData().isEmpty()) {
            action.put("flow_action_data", message.flowActionData());
        }
        List<Map<String, Object>> components = new ArrayList<>(message.components());
        components.add(Map.of("type", "button", "sub_type", "flow", "index", "0",
                "parameters", List.of(Map.of("type", "action", "action", action))));
        var template = new LinkedHashMap<String, Object>();
        template.put("name", message.name());
        template.put("language", Map.of("code", message.language()));
        template.put("components", components);
        var body = envelope(message.to(), "template");
        body.put("template", template);
        return send(phoneNumberId, body);
    }

    private static LinkedHashMap<String, Object> envelope(String to, String type) {
        var body = new LinkedHashMap<String, Object>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", to);
        body.put("type", type);
        return body;
    }

    /**
     * Repeated on 429 and 5xx: a repeat carries the same flow token, so even when Meta had sent the first one the
     * user gets two messages for one session, and whichever completes closes it; never two live flows.
     */
    @SuppressWarnings("unchecked")
    private String send(String phoneNumberId, Map<String, Object> body) throws GraphCallException {
        String call = "sending the flow message from phone number " + phoneNumberId;
        Map<String, Object> answer = graph.postJson(GraphPaths.segment(phoneNumberId) + "/messages", body,
                GraphApi.Repeat.SAFE, call);
        if (answer.get("messages") instanceof List<?> messages && !messages.isEmpty()
                && messages.getFirst() instanceof Map<?, ?> first && first.get("id") instanceof String id && !id.isBlank()) {
            return id;
        }
        throw new GraphCallException(call + ": Meta's answer has no messages[0].id", (Throwable) null);
    }
}
