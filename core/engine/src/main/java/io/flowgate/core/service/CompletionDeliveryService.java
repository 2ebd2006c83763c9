package io.flowgate.core.service;

import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.domain.InboxEvent;
import io.flowgate.core.domain.WebhookDeliveryPolicy;
import io.flowgate.core.port.in.DeliverCompletions;
import io.flowgate.core.port.out.FlowgateTelemetry;
import io.flowgate.core.port.out.FlowgateTelemetry.WebhookEvent;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.core.port.out.SessionStore;
import io.flowgate.core.port.out.WebhookInbox;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands stored completion messages to their plugins' {@code onCompletion}, each in its own attempt:
 *
 * <ul>
 *   <li>A message is claimed only when a delivery slot is free for it, and its delivery starts at once, so
 *       its lease (the policy's timeout plus a margin) runs from its own start and outlasts the call: nothing
 *       waits behind another message under a lease that could lapse, and no lease needs renewing.</li>
 *   <li>Each call has the policy's timeout; then it is interrupted and the attempt counts as failed. A call
 *       that ignores the interrupt keeps its slot until it returns, so hung plugins occupy at most
 *       {@code concurrency} threads, and nothing more is claimed while every slot is taken (other instances
 *       deliver meanwhile).</li>
 *   <li>A failed attempt is retried after an exponential backoff; after the last attempt the message becomes
 *       a dead letter ({@code failed}) with the error's class and message and the attempt count.</li>
 * </ul>
 */
public final class CompletionDeliveryService implements DeliverCompletions {

    private static final System.Logger LOG = System.getLogger(CompletionDeliveryService.class.getName());
    /** How long {@link #close()} lets running deliveries finish before interrupting them. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final CompletionMatcher matcher;
    private final WebhookInbox inbox;
    private final FlowgateTelemetry telemetry;
    private final WebhookDeliveryPolicy policy;
    private final Clock clock;
    private final String owner;
    private final Semaphore slots;
    /** Runs each delivery's attempt: inbox and session calls, no plugin code. */
    private final ExecutorService attempts;
    /** Runs the plugin's onCompletion calls. */
    private final ExecutorService pluginCalls;
    private volatile boolean closed;
    /** The latest claim took every free slot, so more may be due: a finished delivery claims again at once. */
    private volatile boolean backlog;

    /** @param owner names this instance as the holder of its leases */
    public CompletionDeliveryService(WebhookInbox inbox, SessionStore sessions, FlowPluginCatalog plugins, JsonCodec json,
                                     WebhookDeliveryPolicy policy, Clock clock, String owner) {
        this(inbox, sessions, plugins, json, policy, clock, owner, FlowgateTelemetry.NONE);
    }

    /** @param telemetry counts deliveries, failed attempts and dead letters */
    public CompletionDeliveryService(WebhookInbox inbox, SessionStore sessions, FlowPluginCatalog plugins, JsonCodec json,
                                     WebhookDeliveryPolicy policy, Clock clock, String owner,
                                     FlowgateTelemetry telemetry) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.matcher = new CompletionMatcher(json, sessions, plugins, clock);
        this.slots = new Semaphore(policy.concurrency());
        // An attempt only waits for the store and for the plugin call: a virtual thread, which costs no thread
        // of the operating system to start (two platform threads per delivery showed in the flow's profile).
        this.attempts = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("flowgate-delivery-", 0).factory());
        // The plugin's code runs on platform threads, not virtual ones: a plugin blocked for good in native code
        // would pin a carrier thread of the scheduler that the web server's virtual threads share. The slots
        // bound them.
        this.pluginCalls = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("flowgate-completion-call-", 0).daemon(true).factory());
    }

    @Override
    public int deliverPending() {
        if (closed) {
            return 0;
        }
        int free = slots.drainPermits();
        if (free == 0) {
            LOG.log(Level.DEBUG, "webhook: all {0} delivery slots are taken; nothing more is claimed for now",
                    policy.concurrency());
            return 0;
        }
        List<InboxEvent> claimed;
        try {
            Instant now = clock.instant();
            claimed = inbox.claim(free, owner, now, now.plus(policy.lease()));
        } catch (RuntimeException e) {
            slots.release(free);
            throw e;
        }
        slots.release(free - claimed.size());
        backlog = claimed.size() == free;
        for (InboxEvent event : claimed) {
            start(event);
        }
        return claimed.size();
    }

    /** Free delivery slots now; for tests. */
    int freeSlots() {
        return slots.availablePermits();
    }

    private void start(InboxEvent event) {
        Slot slot = new Slot(slots);
        try {
            attempts.execute(() -> attempt(event, slot));
        } catch (RejectedExecutionException e) {
            slot.release(); // closing: the lease lapses and the message is delivered later
        }
    }

    private void attempt(InboxEvent event, Slot slot) {
        boolean callStillRunning = false;
        String flowId = "";
        try {
            CompletionMatcher.Match match = matcher.match(event);
            flowId = match.flowId();
            if (match instanceof CompletionMatcher.Deliver deliver) {
                FutureTask<Void> call = new FutureTask<>(() -> {
                    deliver.plugin().onCompletion(deliver.completion());
                    return null;
                });
                // The slot goes back when the call really ends, even when that is long after its timeout.
                pluginCalls.execute(() -> {
                    try {
                        call.run();
                    } finally {
                        slot.release();
                    }
                });
                try {
                    call.get(policy.timeout().toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | InterruptedException e) {
                    call.cancel(true);
                    callStillRunning = true;
                    if (e instanceof InterruptedException interrupted) {
                        throw interrupted;
                    }
                    throw new TimeoutException("onCompletion did not return within " + policy.timeout()
                            + " (flowgate.webhook.delivery.timeout); it was interrupted");
                }
                LOG.log(Level.INFO, "flow {0}: completion {1} delivered to the plugin (attempt {2})", flowId,
                        event.messageId(), event.attempts());
            }
            recordDelivered(event, flowId);
        } catch (InterruptedException | RejectedExecutionException e) {
            // close() is stopping deliveries: nothing is recorded, the lease lapses and the message is tried again.
            return;
        } catch (Exception | LinkageError e) {
            recordFailure(event, flowId, e instanceof ExecutionException failed ? failed.getCause() : e);
        } finally {
            if (!callStillRunning) {
                slot.release();
            }
        }
        if (backlog && !closed) {
            claimMore();
        }
    }

    private void claimMore() {
        try {
            deliverPending();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhook: claiming further completions failed; the next round tries again: {0}",
                    e.getMessage());
        }
    }

    private void recordDelivered(InboxEvent event, String flowId) {
        try {
            if (inbox.markDelivered(event, owner, flowId, clock.instant())) {
                telemetry.webhook(WebhookEvent.DELIVERED);
            } else {
                leaseLost(event);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "webhook: completion " + event.messageId() + " was handled, but recording that failed;"
                    + " it is handed over again when its lease lapses", e);
        }
    }

    private void recordFailure(InboxEvent event, String flowId, Throwable failure) {
        DeliveryError error = DeliveryError.of(failure);
        Instant now = clock.instant();
        try {
            boolean recorded;
            if (event.attempts() >= policy.maxAttempts()) {
                recorded = inbox.markFailed(event, owner, flowId, error, now);
                telemetry.webhook(WebhookEvent.FAILED);
                telemetry.webhook(WebhookEvent.DEAD_LETTERED);
                LOG.log(Level.ERROR, "webhook: completion " + event.messageId() + " failed " + event.attempts()
                        + " times and is now a dead letter (GET /api/completions?state=failed; retry it with POST"
                        + " /api/completions/" + event.messageId() + "/retry)", failure);
            } else {
                Duration delay = policy.retryDelayAfter(event.attempts());
                recorded = inbox.scheduleRetry(event, owner, flowId, error, now.plus(delay));
                telemetry.webhook(WebhookEvent.FAILED);
                LOG.log(Level.WARNING, "webhook: completion " + event.messageId() + " failed (attempt "
                        + event.attempts() + " of " + policy.maxAttempts() + "); next attempt in " + delay, failure);
            }
            if (!recorded) {
                leaseLost(event);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "webhook: recording the failed attempt of completion " + event.messageId()
                    + " failed; it is tried again when its lease lapses", e);
        }
    }

    private void leaseLost(InboxEvent event) {
        LOG.log(Level.WARNING, "webhook: the lease of completion {0} lapsed during attempt {1} and it was claimed"
                + " again; this attempt''s outcome is not recorded", event.messageId(), event.attempts());
    }

    @Override
    public void close() {
        closed = true;
        attempts.shutdown();
        pluginCalls.shutdown();
        long until = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        try {
            boolean ended = attempts.awaitTermination(SHUTDOWN_GRACE.toNanos(), TimeUnit.NANOSECONDS)
                    && pluginCalls.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!ended) {
                attempts.shutdownNow();
                pluginCalls.shutdownNow();
                LOG.log(Level.WARNING, "webhook: deliveries still running at shutdown were interrupted; their"
                        + " messages are delivered again once their leases lapse");
            }
        } catch (InterruptedException e) {
            attempts.shutdownNow();
            pluginCalls.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** One delivery's share of the bound on calls in flight, given back exactly once. */
    private static final class Slot {
        private final Semaphore slots;
        private final AtomicBoolean released = new AtomicBoolean();

        Slot(Semaphore slots) {
            this.slots = slots;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        }
    }
}
