package io.flowgate.core.port.in;

import io.flowgate.core.domain.GraphError;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends a flow to a WhatsApp user in one call: issues the flow token, sends the message through Meta and records
 * the message's id (the completion webhook's fallback key when the client leaves the token out).
 */
public interface SendFlowMessage {

    /**
     * @param metaFlowId the flow's id at Meta; empty: {@code flowgate.flows.<flowId>.meta-flow-id}
     * @param mode       {@code published} or {@code draft}; empty: published
     * @param screen     the screen the message opens on (navigate, with {@code data}); empty: the flow starts
     *                   with INIT to the endpoint, which the plugin answers (data_exchange)
     * @param context    values the plugin reads from the session, as for an issued token
     * @param template   send this approved template with a flow button instead of an interactive message
     */
    record Request(String flowId, String to, Optional<String> body, Optional<String> cta, Optional<String> metaFlowId,
                   Optional<String> header, Optional<String> footer, Optional<String> mode, Optional<String> screen,
                   Map<String, Object> data, Map<String, Object> context, Optional<Duration> ttl,
                   Optional<Template> template) {
        public Request {
            Objects.requireNonNull(flowId, "flowId");
            // Not Map.copyOf: a null the caller sent must reach the service, which names it in its answer.
            data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
            context = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(context));
        }

        @Override
        public String toString() {
            // The recipient is a phone number and the context the business's data: neither reaches a log.
            return "SendFlowMessage.Request[flow=" + flowId + ", template=" + template.map(Template::name).orElse("-") + "]";
        }
    }

    /** @param components the template's own components (header and body parameters); the flow button is added */
    record Template(String name, String language, List<Map<String, Object>> components) {
        public Template {
            components = List.copyOf(components);
        }
    }

    /** What was sent: the token the message carries, Meta's id for the message, and when the token dies. */
    record Sent(String flowToken, String messageId, Instant expiresAt) {
        @Override
        public String toString() {
            return "Sent[expiresAt=" + expiresAt + "]";
        }
    }

    Sent send(Request request) throws UnknownFlowException, InvalidSendException, NotSentException;

    /** The request is wrong in a way the caller can fix; nothing was sent and no token issued. */
    final class InvalidSendException extends Exception {
        public InvalidSendException(String message) {
            super(message);
        }
    }

    /**
     * Meta did not take the message (or could not be reached, or Meta is not configured). The token issued for
     * it has been revoked, so nothing live is left behind; the message says so.
     */
    final class NotSentException extends Exception {
        private final transient GraphError error;
        private final boolean tokenRevoked;

        /**
         * @param error        Meta's error, null when Meta did not answer with one
         * @param tokenRevoked whether a token had been issued and was revoked (false: none was issued)
         */
        public NotSentException(String message, GraphError error, Throwable cause, boolean tokenRevoked) {
            super(message, cause);
            this.error = error;
            this.tokenRevoked = tokenRevoked;
        }

        public boolean tokenRevoked() {
            return tokenRevoked;
        }

        /** Meta's error, when Meta answered with one. */
        public Optional<GraphError> error() {
            return Optional.ofNullable(error);
        }
    }
}
