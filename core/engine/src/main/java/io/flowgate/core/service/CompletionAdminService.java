package io.flowgate.core.service;

import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.InboxCursor;
import io.flowgate.core.domain.InboxEntry;
import io.flowgate.core.port.in.ManageCompletions;
import io.flowgate.core.port.out.WebhookInbox;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Lists the webhook inbox by state, page by page, and re-queues dead letters for an operator. */
public final class CompletionAdminService implements ManageCompletions {

    private static final System.Logger LOG = System.getLogger(CompletionAdminService.class.getName());

    private final WebhookInbox inbox;
    private final Clock clock;

    public CompletionAdminService(WebhookInbox inbox, Clock clock) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Page list(DeliveryState state, int limit, Optional<InboxCursor> after) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE_SIZE + ", not " + limit);
        }
        // One more than asked says whether another page follows, without an empty last page.
        List<InboxEntry> found = inbox.list(Objects.requireNonNull(state, "state"), limit + 1, after);
        if (found.size() <= limit) {
            return new Page(found, Optional.empty());
        }
        List<InboxEntry> page = found.subList(0, limit);
        return new Page(page, Optional.of(InboxCursor.after(page.getLast())));
    }

    @Override
    public RetryOutcome retry(String messageId) {
        Optional<DeliveryState> before = inbox.requeueFailed(messageId, clock.instant());
        if (before.isEmpty()) {
            return RetryOutcome.UNKNOWN;
        }
        if (before.get() != DeliveryState.FAILED) {
            return RetryOutcome.NOT_FAILED;
        }
        LOG.log(Level.INFO, "webhook: completion {0} re-queued by an operator; attempts start again from 1", messageId);
        return RetryOutcome.REQUEUED;
    }
}
