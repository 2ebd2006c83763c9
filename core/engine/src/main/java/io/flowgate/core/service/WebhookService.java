package io.flowgate.core.service;

import io.flowgate.core.domain.InboxEvent;
import io.flowgate.core.domain.LogSafe;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.port.in.DeliverCompletions;
import io.flowgate.core.port.in.ReceiveWebhook;
import io.flowgate.core.port.out.FlowgateTelemetry;
import io.flowgate.core.port.out.FlowgateTelemetry.WebhookEvent;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.core.port.out.WebhookInbox;
import io.flowgate.core.port.out.RequestSignatures;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The messages webhook (protocol.md section 9). A delivery is answered only after each completion message
 * in it is durably stored, keyed by its message id so Meta's retries and duplicates collapse into one; the
 * plugin is called later, by {@link CompletionDeliveryService}, from whichever instance claims the event first.
 */
public final class WebhookService implements ReceiveWebhook {

    private static final System.Logger LOG = System.getLogger(WebhookService.class.getName());

    private final RequestSignatures signatures;
    private final String verifyToken;
    private final JsonCodec json;
    private final WebhookInbox inbox;
    private final Clock clock;
    private final Optional<MetaAlertService> alerts;
    private final FlowgateTelemetry telemetry;

    public WebhookService(RequestSignatures signatures, String verifyToken, JsonCodec json, WebhookInbox inbox,
                          Clock clock) {
        this(signatures, verifyToken, json, inbox, clock, Optional.empty());
    }

    /** @param alerts handles the {@code flows} field's events (Meta's alerts); empty: they are ignored */
    public WebhookService(RequestSignatures signatures, String verifyToken, JsonCodec json, WebhookInbox inbox,
                          Clock clock, Optional<MetaAlertService> alerts) {
        this(signatures, verifyToken, json, inbox, clock, alerts, FlowgateTelemetry.NONE);
    }

    /** @param telemetry counts completion messages received and those already known (Meta's retries) */
    public WebhookService(RequestSignatures signatures, String verifyToken, JsonCodec json, WebhookInbox inbox,
                          Clock clock, Optional<MetaAlertService> alerts, FlowgateTelemetry telemetry) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.verifyToken = Objects.requireNonNull(verifyToken, "verifyToken");
        this.json = Objects.requireNonNull(json, "json");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.clock = Objects.requireNonNull(clock, "clock");
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
            try {
                // Meta's documented samples of the flows field carry trailing commas; a signed delivery shaped
                // like them is still Meta's, and refusing it would lose the alert.
                delivery = json.readObjectAllowingTrailingCommas(rawBody);
                LOG.log(Level.INFO, "webhook: the delivery is not strict JSON ({0}); read it allowing trailing commas",
                        e.getMessage());
            } catch (JsonCodec.MalformedJsonException again) {
                LOG.log(Level.WARNING, "webhook: 400, the body is not a JSON object: {0}", e.getMessage());
                return Outcome.MALFORMED;
            }
        }
        if (alerts.isPresent()) {
            for (FlowsEvent event : flowsEvents(delivery)) {
                alerts.get().receive(event.value(), event.time());
            }
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
                telemetry.webhook(WebhookEvent.RECEIVED);
            } else {
                retries++;
                telemetry.webhook(WebhookEvent.DUPLICATE);
            }
        }
        if (stored + retries > 0) {
            LOG.log(Level.INFO, "webhook: {0} completion(s) stored, {1} already known", stored, retries);
        }
        return Outcome.ACCEPTED;
    }

    /** The nfm_reply messages of a delivery; statuses and other messages are ignored, flows events handled apart. */
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

    /** One {@code flows} change of a delivery, with its entry's time. */
    record FlowsEvent(Map<String, Object> value, Optional<Instant> time) {
    }

    /** The values of the delivery's {@code flows} changes: Meta's alerts and status changes. */
    @SuppressWarnings("unchecked")
    static List<FlowsEvent> flowsEvents(Map<String, Object> delivery) {
        List<FlowsEvent> found = new ArrayList<>();
        for (Map<String, Object> entry : objects(delivery.get("entry"))) {
            Optional<Instant> time = entry.get("time") instanceof Number seconds && seconds.longValue() > 0
                    ? Optional.of(Instant.ofEpochSecond(seconds.longValue())) : Optional.empty();
            for (Map<String, Object> change : objects(entry.get("changes"))) {
                if ("flows".equals(change.get("field")) && change.get("value") instanceof Map<?, ?> value) {
                    found.add(new FlowsEvent((Map<String, Object>) value, time));
                }
            }
        }
        return found;
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
}
