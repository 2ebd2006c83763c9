package io.flowgate.core.port.in;

import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.InboxCursor;
import io.flowgate.core.domain.InboxEntry;

import java.util.List;
import java.util.Optional;

/** The admin API's view of the webhook inbox: what is pending, delivered or dead-lettered, and retrying a dead letter. */
public interface ManageCompletions {

    int DEFAULT_PAGE_SIZE = 50;
    int MAX_PAGE_SIZE = 200;

    /** One page, newest first; {@code next} is where the following page starts, empty on the last page. */
    record Page(List<InboxEntry> entries, Optional<InboxCursor> next) {
        public Page {
            entries = List.copyOf(entries);
        }
    }

    enum RetryOutcome {
        /** It was failed and is pending again, with its attempts reset. */
        REQUEUED,
        /** It is pending or delivered: only a failed message can be retried. */
        NOT_FAILED,
        /** No stored message has that id (never received, or purged). */
        UNKNOWN
    }

    /** @param limit 1 to {@link #MAX_PAGE_SIZE} */
    Page list(DeliveryState state, int limit, Optional<InboxCursor> after);

    RetryOutcome retry(String messageId);
}
