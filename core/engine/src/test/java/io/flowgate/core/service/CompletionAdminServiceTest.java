package io.flowgate.core.service;

import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.InboxEntry;
import io.flowgate.core.domain.InboxEvent;
import io.flowgate.core.port.in.ManageCompletions.RetryOutcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompletionAdminServiceTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private final FakeInbox inbox = new FakeInbox();
    private final CompletionAdminService admin = new CompletionAdminService(inbox, new MutableClock(T0.plusSeconds(3600)));

    @Test
    void pagesAreNewestFirstAndTheLastOneSaysThereIsNoMore() {
        for (int i = 0; i < 5; i++) {
            inbox.add("wamid." + i, "{}", T0.plusSeconds(i));
        }

        var first = admin.list(DeliveryState.PENDING, 2, Optional.empty());
        var second = admin.list(DeliveryState.PENDING, 2, first.next());
        var third = admin.list(DeliveryState.PENDING, 2, second.next());

        assertThat(first.entries()).extracting(InboxEntry::messageId).containsExactly("wamid.4", "wamid.3");
        assertThat(second.entries()).extracting(InboxEntry::messageId).containsExactly("wamid.2", "wamid.1");
        assertThat(third.entries()).extracting(InboxEntry::messageId).containsExactly("wamid.0");
        assertThat(third.next()).isEmpty();
        assertThat(admin.list(DeliveryState.PENDING, 5, Optional.empty()).next()).as("exactly one page").isEmpty();
    }

    @Test
    void thePageSizeIsBounded() {
        assertThatThrownBy(() -> admin.list(DeliveryState.FAILED, 0, Optional.empty())).hasMessageContaining("limit");
        assertThatThrownBy(() -> admin.list(DeliveryState.FAILED, 201, Optional.empty())).hasMessageContaining("200");
    }

    @Test
    void onlyAFailedMessageCanBeRetriedAndItsAttemptsStartAgain() {
        inbox.add("wamid.failed", "{}", T0);
        inbox.add("wamid.pending", "{}", T0);
        InboxEvent claimed = inbox.claim(1, "a", T0, T0.plusSeconds(70)).getFirst();
        inbox.markFailed(claimed, "a", "demo", new DeliveryError("java.io.IOException", "refused"), T0.plusSeconds(1));

        assertThat(admin.retry("wamid.failed")).isEqualTo(RetryOutcome.REQUEUED);
        assertThat(admin.retry("wamid.pending")).isEqualTo(RetryOutcome.NOT_FAILED);
        assertThat(admin.retry("wamid.unknown")).isEqualTo(RetryOutcome.UNKNOWN);

        assertThat(inbox.row("wamid.failed").state).isEqualTo(DeliveryState.PENDING);
        assertThat(inbox.row("wamid.failed").attempts).isZero();
        assertThat(admin.retry("wamid.failed")).as("already re-queued").isEqualTo(RetryOutcome.NOT_FAILED);
    }
}
