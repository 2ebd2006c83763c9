package io.flowgate.core.service;

import io.flowgate.core.domain.InboxEvent;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.core.port.out.SessionStore;
import io.flowgate.core.domain.NullValues;
import io.flowgate.spi.FlowCompletion;
import io.flowgate.spi.FlowPlugin;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.time.Clock;

/**
 * Finds what a stored completion message is for: its session (by flow token, or by the flow message's id when
 * the client left the token out), the user check, and the plugin of the session's flow. Closes the session it
 * matched, so the flow cannot be replayed. Everything but the plugin call itself, which the caller times.
 */
final class CompletionMatcher {

    private static final System.Logger LOG = System.getLogger(CompletionMatcher.class.getName());

    /** What to do with a message. */
    sealed interface Match {
        /** The flow the message belongs to, {@code ""} when no session matched. */
        String flowId();
    }

    /** Hand {@code completion} to {@code plugin}. */
    record Deliver(String flowId, FlowPlugin plugin, FlowCompletion completion) implements Match {
    }

    /** Nothing to hand over (the reason is logged); the message counts as delivered. */
    record Skip(String flowId) implements Match {
    }

    private final JsonCodec json;
    private final SessionStore sessions;
    private final FlowPluginCatalog plugins;
    private final Clock clock;

    CompletionMatcher(JsonCodec json, SessionStore sessions, FlowPluginCatalog plugins, Clock clock) {
        this.json = Objects.requireNonNull(json, "json");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Match match(InboxEvent event) throws JsonCodec.MalformedJsonException {
        Map<String, Object> message = json.readObject(event.payload().getBytes(StandardCharsets.UTF_8));
        String from = message.get("from") instanceof String text ? text : "";
        Map<String, Object> response = responseOf(message, event);
        Optional<SessionRecord> session = response.get("flow_token") instanceof String token && !token.isEmpty()
                ? sessions.find(token)
                : contextId(message).flatMap(sessions::findByMessageId);
        if (session.isEmpty()) {
            LOG.log(Level.WARNING, "webhook: completion {0} matches no session (unknown token and no known flow"
                    + " message id); nothing to deliver", event.messageId());
            return new Skip("");
        }
        SessionRecord found = session.get();
        String flowId = found.flowId().value();
        if (!found.waId().isEmpty() && !found.waId().equals(from)) {
            LOG.log(Level.WARNING, "webhook: completion {0} comes from another WhatsApp user than the token was"
                    + " issued for; ignored", event.messageId());
            return new Skip(flowId);
        }
        sessions.markCompleted(found.token(), clock.instant());
        Optional<FlowPlugin> plugin = plugins.find(found.flowId());
        if (plugin.isEmpty()) {
            LOG.log(Level.WARNING, "webhook: completion {0} is for flow {1}, which no loaded plugin serves",
                    event.messageId(), flowId);
            return new Skip(flowId);
        }
        return new Deliver(flowId, plugin.get(), FlowCompletion.builder().flowToken(found.token()).waId(from)
                .messageId(event.messageId()).response(response).session(found.data()).context(found.context()).build());
    }

    private Map<String, Object> responseOf(Map<String, Object> message, InboxEvent event) throws JsonCodec.MalformedJsonException {
        if (message.get("interactive") instanceof Map<?, ?> interactive
                && interactive.get("nfm_reply") instanceof Map<?, ?> reply
                && reply.get("response_json") instanceof String responseJson) {
            // response_json is a JSON document inside a string, written by the WhatsApp client: its nulls
            // are absent values, as in request data, and must not make the completion undeliverable.
            NullValues.Dropped dropped = NullValues.drop(json.readObject(responseJson.getBytes(StandardCharsets.UTF_8)));
            if (dropped.count() > 0) {
                LOG.log(Level.DEBUG, "webhook: completion {0}: {1} null value(s) dropped as absent",
                        event.messageId(), dropped.count());
            }
            return dropped.values();
        }
        LOG.log(Level.WARNING, "webhook: completion {0} has no nfm_reply.response_json", event.messageId());
        return Map.of();
    }

    private static Optional<String> contextId(Map<String, Object> message) {
        return message.get("context") instanceof Map<?, ?> context && context.get("id") instanceof String id
                ? Optional.of(id) : Optional.empty();
    }
}
