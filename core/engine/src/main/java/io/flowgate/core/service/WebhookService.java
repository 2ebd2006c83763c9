package io.flowgate.core.service;

import io.flowgate.core.domain.InboxEvent;
import io.flowgate.core.domain.LogSafe;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.port.in.DeliverCompletions;
import io.flowgate.core.port.in.ReceiveWebhook;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.core.port.out.SessionStore;
import io.flowgate.core.port.out.WebhookInbox;
import io.flowgate.core.port.out.RequestSignatures;
import io.flowgate.spi.FlowCompletion;
import io.flowgate.spi.FlowPlugin;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The messages webhook (protocol.md section 9). A delivery is answered only after each completion message
 * in it is durably stored, keyed by its message id so Meta's retries and duplicates collapse into one; the
 * plugin is called later, by {@link #deliverPending()}, from whichever instance claims the event first.
 */
public final class WebhookService implements ReceiveWebhook, DeliverCompletions {

    private static final System.Logger LOG = System.getLogger(WebhookService.class.getName());
    static final int BATCH = 16;
    static final Duration LEASE = Duration.ofMinutes(1);
    /** After this many failed deliveries the event is given up, with an error in the log. */
    static final int MAX_ATTEMPTS = 10;

    private final RequestSignatures signatures;
    private final String verifyToken;
    private final JsonCodec json;
    private final WebhookInbox inbox;
    private final SessionStore sessions;
    private final FlowPluginCatalog plugins;
    private final Clock clock;
    private final String owner;

    public WebhookService(RequestSignatures signatures, String verifyToken, JsonCodec json, WebhookInbox inbox,
                          SessionStore sessions, FlowPluginCatalog plugins, Clock clock, String owner) {
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.verifyToken = Objects.requireNonNull(verifyToken, "verifyToken");
        this.json = Objects.requireNonNull(json, "json");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    @Override
    public Optional<String> verifySubscription(String mode, String token, String challenge) {
        boolean matches = !verifyToken.isEmpty() && token != null && MessageDigest.isEqual(
                verifyToken.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
        if ("subscribe".equals(mode) && matches && challenge != null) {
            return Optional.of(challenge);
        }
        LOG.log(Level.WARNING, "webhook verification refused (mode {0}, verify token {1})", LogSafe.text(mode),
                verifyToken.isEmpty() ? "not configured: set flowgate.webhook.verify-token" : "mismatch");
        return Optional.empty();
    }

    @Override
    public Outcome receive(byte[] rawBody, String signatureHeader) {
        if (signatures.enabled() && !signatures.verify(rawBody, signatureHeader)) {
            LOG.log(Level.WARNING, "webhook: 403, X-Hub-Signature-256 is {0}",
                    signatureHeader == null ? "missing" : "not valid for the configured app secret");
            return Outcome.FORBIDDEN;
        }
        Map<String, Object> delivery;
        try {
            delivery = json.readObject(rawBody);
        } catch (JsonCodec.MalformedJsonException e) {
            LOG.log(Level.WARNING, "webhook: 400, the body is not a JSON object: {0}", e.getMessage());
            return Outcome.MALFORMED;
        }
        Instant now = clock.instant();
        int stored = 0;
        int retries = 0;
        for (Map<String, Object> message : completionMessages(delivery)) {
            Object id = message.get("id");
            if (!(id instanceof String messageId) || messageId.isEmpty()) {
                LOG.log(Level.WARNING, "webhook: a completion message without an id was ignored");
                continue;
            }
            if (inbox.add(messageId, new String(json.writeObject(message), StandardCharsets.UTF_8), now)) {
                stored++;
            } else {
                retries++;
            }
        }
        if (stored + retries > 0) {
            LOG.log(Level.INFO, "webhook: {0} completion(s) stored, {1} already known", stored, retries);
        }
        return Outcome.ACCEPTED;
    }

    /** The nfm_reply messages of a delivery; everything else (statuses, other messages, flows alerts) is ignored. */
    static List<Map<String, Object>> completionMessages(Map<String, Object> delivery) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> entry : objects(delivery.get("entry"))) {
            for (Map<String, Object> change : objects(entry.get("changes"))) {
                if (!"messages".equals(change.get("field")) || !(change.get("value") instanceof Map<?, ?> value)) {
                    continue;
                }
                for (Map<String, Object> message : objects(value.get("messages"))) {
                    if ("interactive".equals(message.get("type")) && message.get("interactive") instanceof Map<?, ?> interactive
                            && "nfm_reply".equals(interactive.get("type"))) {
                        found.add(message);
                    }
                }
            }
        }
        return found;
    }

    @Override
    public int deliverPending() {
        Instant now = clock.instant();
        List<InboxEvent> events = inbox.claim(BATCH, owner, now, now.plus(LEASE));
        for (InboxEvent event : events) {
            try {
                deliver(event);
                inbox.markDelivered(event.messageId(), clock.instant());
            } catch (Exception | LinkageError e) {
                if (event.attempts() >= MAX_ATTEMPTS) {
                    LOG.log(Level.ERROR, "webhook: completion " + event.messageId() + " failed " + event.attempts()
                            + " times; giving up", e);
                    inbox.markDelivered(event.messageId(), clock.instant());
                } else {
                    LOG.log(Level.WARNING, "webhook: completion " + event.messageId() + " failed (attempt "
                            + event.attempts() + "); retrying after " + LEASE, e);
                }
            }
        }
        return events.size();
    }

    private void deliver(InboxEvent event) throws Exception {
        Map<String, Object> message = json.readObject(event.payload().getBytes(StandardCharsets.UTF_8));
        String from = text(message.get("from"));
        Map<String, Object> response = responseOf(message, event);
        Optional<SessionRecord> session = response.get("flow_token") instanceof String token && !token.isEmpty()
                ? sessions.find(token)
                : contextId(message).flatMap(sessions::findByMessageId);
        if (session.isEmpty()) {
            LOG.log(Level.WARNING, "webhook: completion {0} matches no session (unknown token and no known flow"
                    + " message id); nothing to deliver", event.messageId());
            return;
        }
        SessionRecord found = session.get();
        if (!found.waId().isEmpty() && !found.waId().equals(from)) {
            LOG.log(Level.WARNING, "webhook: completion {0} comes from another WhatsApp user than the token was"
                    + " issued for; ignored", event.messageId());
            return;
        }
        sessions.markCompleted(found.token(), clock.instant());
        Optional<FlowPlugin> plugin = plugins.find(found.flowId());
        if (plugin.isEmpty()) {
            LOG.log(Level.WARNING, "webhook: completion {0} is for flow {1}, which no loaded plugin serves",
                    event.messageId(), found.flowId());
            return;
        }
        plugin.get().onCompletion(new FlowCompletion(found.token(), from, event.messageId(), response, found.data(),
                found.context()));
        LOG.log(Level.INFO, "flow {0}: completion {1} delivered to the plugin", found.flowId(), event.messageId());
    }

    private Map<String, Object> responseOf(Map<String, Object> message, InboxEvent event) throws JsonCodec.MalformedJsonException {
        if (message.get("interactive") instanceof Map<?, ?> interactive
                && interactive.get("nfm_reply") instanceof Map<?, ?> reply
                && reply.get("response_json") instanceof String responseJson) {
            // response_json is a JSON document inside a string.
            return json.readObject(responseJson.getBytes(StandardCharsets.UTF_8));
        }
        LOG.log(Level.WARNING, "webhook: completion {0} has no nfm_reply.response_json", event.messageId());
        return Map.of();
    }

    private static Optional<String> contextId(Map<String, Object> message) {
        return message.get("context") instanceof Map<?, ?> context && context.get("id") instanceof String id
                ? Optional.of(id) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Object value) {
        List<Map<String, Object>> result = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> map) {
                    result.add((Map<String, Object>) map);
                }
            }
        }
        return result;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : "";
    }
}
