package io.flowgate.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A completion message received on the webhook, stored before the webhook is answered.
 *
 * @param messageId the WhatsApp message id (wamid): the key that makes Meta's retries harmless
 * @param payload   the message object as JSON text
 * @param attempts  how often delivery to the plugin has been tried
 */
public record InboxEvent(String messageId, String payload, Instant receivedAt, int attempts) {
    public InboxEvent {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    @Override
    public String toString() {
        return "InboxEvent[" + messageId + ", attempts=" + attempts + "]";
    }
}
