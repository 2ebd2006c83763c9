package io.flowgate.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A position in a newest-first listing of the inbox: the next page starts after the entry received at
 * {@code receivedAt} with id {@code messageId}. Both are needed because one webhook delivery stores many
 * messages with the same time.
 */
public record InboxCursor(Instant receivedAt, String messageId) {
    public InboxCursor {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(messageId, "messageId");
    }

    public static InboxCursor after(InboxEntry entry) {
        return new InboxCursor(entry.receivedAt(), entry.messageId());
    }

    /** True when {@code entry} comes after this position in newest-first order. */
    public boolean precedes(InboxEntry entry) {
        int byTime = entry.receivedAt().compareTo(receivedAt);
        return byTime < 0 || (byTime == 0 && entry.messageId().compareTo(messageId) < 0);
    }
}
