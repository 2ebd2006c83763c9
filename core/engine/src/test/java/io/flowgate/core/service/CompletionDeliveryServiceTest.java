package io.flowgate.core.service;

import io.flowgate.core.domain.DeliveryState;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.domain.WebhookDeliveryPolicy;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.spi.FlowCompletion;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery of stored completions: leases, the bounded slots, the timeout, the backoff and the dead letter. */
@Timeout(30)
class CompletionDeliveryServiceTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final String WA_ID = "447700900123";

    private final MutableClock clock = new MutableClock(T0);
    private final FakeInbox inbox = new FakeInbox();
    private final FakeSessions sessions = new FakeSessions();
    private final StubJson json = new StubJson();
    private CompletionDeliveryService service;

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void eachMessageIsClaimedForAFreeSlotAndLeasedFromItsOwnStartForLongerThanTheTimeout() throws Exception {
        var gate = new CountDownLatch(1);
        var delivered = new CopyOnWriteArrayList<String>();
        start(policy(Duration.ofSeconds(10), 10, 1), completion -> {
            gate.await();
            delivered.add(completion.messageId());
        });
        store("wamid.1", "wamid.2", "wamid.3");

        assertThat(service.deliverPending()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5)); // the first delivery is slow; the others must not be leased meanwhile
        gate.countDown();
        for (int i = 0; i < 3; i++) {
            assertThat(inbox.nextOutcome().state()).isEqualTo(DeliveryState.DELIVERED);
        }

        List<FakeInbox.Claim> claims = inbox.claims();
        assertThat(claims.getFirst().max()).as("one free slot, one message").isEqualTo(1);
        assertThat(claims.getFirst().messageIds()).containsExactly("wamid.1");
        assertThat(claims.getFirst().leaseUntil()).isEqualTo(T0.plusSeconds(10).plus(WebhookDeliveryPolicy.LEASE_MARGIN));
        assertThat(claims.get(1).messageIds()).containsExactly("wamid.2");
        assertThat(claims.get(1).leaseUntil()).as("leased when its own delivery starts")
                .isEqualTo(T0.plus(Duration.ofMinutes(5)).plusSeconds(10).plus(WebhookDeliveryPolicy.LEASE_MARGIN));
        assertThat(delivered).containsExactly("wamid.1", "wamid.2", "wamid.3");
        assertThat(inbox.row("wamid.3").attempts).isEqualTo(1);
    }

    @Test
    void aHungPluginThatIgnoresInterruptsKeepsItsSlotAndNothingMoreIsClaimedMeanwhile() throws Exception {
        var release = new CountDownLatch(1);
        var interrupts = new AtomicInteger();
        start(policy(Duration.ofMillis(100), 10, 2), completion -> {
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException e) {
                    interrupts.incrementAndGet(); // and carries on waiting, as a badly written plugin does
                }
            }
        });
        store("wamid.1", "wamid.2", "wamid.3");

        assertThat(service.deliverPending()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            var outcome = inbox.nextOutcome();
            assertThat(outcome.state()).as("timed out, so retried later").isEqualTo(DeliveryState.PENDING);
            assertThat(outcome.error()).hasValueSatisfying(error -> {
                assertThat(error.type()).isEqualTo("java.util.concurrent.TimeoutException");
                assertThat(error.message()).contains("PT0.1S", "flowgate.webhook.delivery.timeout");
            });
        }
        int claimsWhileHung = inbox.claims().size();

        assertThat(service.deliverPending()).as("both slots still held by the hung calls").isZero();
        assertThat(inbox.claims()).as("no claim while every slot is taken").hasSize(claimsWhileHung);
        assertThat(inbox.row("wamid.3").attempts).isZero();
        await(() -> interrupts.get() == 2); // each hung call was interrupted, and ignored it

        release.countDown();
        await(() -> service.freeSlots() == 2);
        service.deliverPending(); // (or a finished attempt's own follow-up claim gets there first)
        var third = inbox.nextOutcome();
        assertThat(third.messageId()).isEqualTo("wamid.3");
        assertThat(third.state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void failedAttemptsBackOffExponentiallyAndTheLastOneMakesADeadLetterWithTheError() throws Exception {
        start(new WebhookDeliveryPolicy(Duration.ofSeconds(10), 3, 4, Duration.ofSeconds(10), Duration.ofHours(1)),
                completion -> {
                    throw new IllegalStateException("the CRM is down");
                });
        store("wamid.1");

        service.deliverPending();
        var first = inbox.nextOutcome();
        assertThat(first.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(first.at()).as("retry 10 s after the first failure").isEqualTo(T0.plusSeconds(10));
        assertThat(first.error()).hasValueSatisfying(error -> {
            assertThat(error.type()).isEqualTo(IllegalStateException.class.getName());
            assertThat(error.message()).isEqualTo("the CRM is down");
        });
        clock.advance(Duration.ofSeconds(9));
        assertThat(service.deliverPending()).as("not before its backoff").isZero();

        clock.advance(Duration.ofSeconds(1));
        service.deliverPending();
        assertThat(inbox.nextOutcome().at()).as("then 20 s").isEqualTo(T0.plusSeconds(10 + 20));

        clock.advance(Duration.ofSeconds(20));
        service.deliverPending();
        var last = inbox.nextOutcome();
        assertThat(last.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(last.attempt()).isEqualTo(3);
        assertThat(last.flowId()).isEqualTo("demo");
        assertThat(last.error()).map(error -> error.message()).contains("the CRM is down");

        clock.advance(Duration.ofDays(1));
        assertThat(service.deliverPending()).as("a dead letter is never claimed again").isZero();
        assertThat(inbox.row("wamid.1").state).isEqualTo(DeliveryState.FAILED);
    }

    @Test
    void anErrorThrownByThePluginCountsAsAFailedAttemptToo() throws Exception {
        start(policy(Duration.ofSeconds(10), 10, 1), completion -> {
            throw new NoClassDefFoundError("com/example/Missing");
        });
        store("wamid.1");

        service.deliverPending();

        var outcome = inbox.nextOutcome();
        assertThat(outcome.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(outcome.error()).map(error -> error.type()).contains(NoClassDefFoundError.class.getName());
        await(() -> service.freeSlots() == 1);
    }

    @Test
    void aDeliveredMessageRecordsItsFlowAndThePluginSeesTheCompletion() throws Exception {
        var seen = new CopyOnWriteArrayList<FlowCompletion>();
        start(policy(Duration.ofSeconds(10), 10, 4), seen::add);
        store("wamid.1");

        assertThat(service.deliverPending()).isEqualTo(1);

        var outcome = inbox.nextOutcome();
        assertThat(outcome.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(outcome.flowId()).isEqualTo("demo");
        assertThat(seen).singleElement().satisfies(completion -> {
            assertThat(completion.messageId()).isEqualTo("wamid.1");
            assertThat(completion.waId()).isEqualTo(WA_ID);
            assertThat(completion.response()).containsEntry("answer", "yes");
        });
        assertThat(sessions.find("t1").orElseThrow().isCompleted()).as("the session is closed").isTrue();
        assertThat(service.deliverPending()).isZero();
    }

    private interface OnCompletion {
        void accept(FlowCompletion completion) throws Exception;
    }

    private static WebhookDeliveryPolicy policy(Duration timeout, int maxAttempts, int concurrency) {
        return new WebhookDeliveryPolicy(timeout, maxAttempts, concurrency, Duration.ofSeconds(30), Duration.ofHours(1));
    }

    private void start(WebhookDeliveryPolicy policy, OnCompletion onCompletion) {
        sessions.insert(new SessionRecord("t1", new FlowId("demo"), WA_ID, Map.of(), Map.of(), 0, T0,
                T0.plus(Duration.ofDays(1)), Optional.empty(), ""));
        FlowPlugin plugin = new FlowPlugin() {
            @Override
            public String flowId() {
                return "demo";
            }

            @Override
            public FlowResponse handle(FlowRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void onCompletion(FlowCompletion completion) throws Exception {
                onCompletion.accept(completion);
            }
        };
        service = new CompletionDeliveryService(inbox, sessions,
                flowId -> flowId.value().equals("demo") ? Optional.of(plugin) : Optional.empty(), json, policy, clock,
                "instance-a");
    }

    /** Stores completion messages of session t1, each received a millisecond after the one before. */
    private void store(String... messageIds) {
        for (int i = 0; i < messageIds.length; i++) {
            String id = messageIds[i];
            json.documents.put("message " + id, Map.of("id", id, "from", WA_ID, "type", "interactive",
                    "interactive", Map.of("type", "nfm_reply", "nfm_reply", Map.of("response_json", "response t1"))));
            inbox.add(id, "message " + id, T0.plusMillis(i));
        }
        json.documents.put("response t1", Map.of("flow_token", "t1", "answer", "yes"));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not hold within 5 s");
            }
            Thread.sleep(10);
        }
    }

    /** Stored payloads are looked up by their text: the matcher's logic is tested, not a JSON parser. */
    private static final class StubJson implements JsonCodec {
        final Map<String, Map<String, Object>> documents = new HashMap<>();

        @Override
        public Map<String, Object> readObject(byte[] utf8Json) throws MalformedJsonException {
            Map<String, Object> document = documents.get(new String(utf8Json, StandardCharsets.UTF_8));
            if (document == null) {
                throw new MalformedJsonException("not a stored document");
            }
            return document;
        }

        @Override
        public byte[] writeObject(Map<String, Object> object) {
            throw new UnsupportedOperationException();
        }
    }
}
