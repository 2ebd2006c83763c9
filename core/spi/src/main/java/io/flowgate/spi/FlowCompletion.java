package io.flowgate.spi;

import java.util.Map;

/**
 * The flow's completion message, as WhatsApp delivered it on the messages webhook ({@code nfm_reply}).
 * Delivered to {@link FlowPlugin#onCompletion} once per WhatsApp message, however often Meta retries it.
 *
 * @param flowToken the flow token of the finished run
 * @param waId      the WhatsApp id of the user who completed it (the message's {@code from})
 * @param messageId the id (wamid) of the completion message
 * @param response  the parsed {@code response_json}: the params of the SUCCESS answer, or the
 *                  {@code complete} action's payload
 * @param session   the values the session held when the flow completed
 * @param context   the context attached when the token was issued
 */
public record FlowCompletion(String flowToken, String waId, String messageId, Map<String, Object> response,
                             Map<String, Object> session, Map<String, Object> context) {
    public FlowCompletion {
        response = FlowValues.copyOf(response, "response");
        session = FlowValues.copyOf(session, "session");
        context = FlowValues.copyOf(context, "context");
    }
}
