package io.flowgate.core.service;

import io.flowgate.core.domain.AbandonedSession;
import io.flowgate.core.domain.AbandonmentPolicy;
import io.flowgate.core.domain.DeliveryError;
import io.flowgate.core.port.in.NotifyAbandonments;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.JourneyEvents;
import io.flowgate.core.port.out.SessionStore;
import io.flowgate.spi.FlowAbandonment;
import io.flowgate.spi.FlowPlugin;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls {@link FlowPlugin#onAbandoned} for sessions the store reports abandoned, the way completions are
 * delivered: each session is claimed with a lease by one instance only, each call has the policy's timeout,
 * a failed call is retried after a doubling backoff, and after the last attempt the claim is kept as failed.
 * At most {@link AbandonmentPolicy#BATCH} calls run at once, hung ones included: a call that ignores its
 * interrupt keeps its slot until it returns, and nothing more is claimed while every slot is taken.
 */
public final class AbandonmentService implements NotifyAbandonments {

    private static final System.Logger LOG = System.getLogger(AbandonmentService.class.getName());
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final SessionStore sessions;
    private final FlowPluginCatalog plugins;
    private final AbandonmentPolicy policy;
    private final JourneyEvents events;
    private final Clock clock;
    private final String owner;
    private final Semaphore slots = new Semaphore(AbandonmentPolicy.BATCH);
    // Platform threads for the same reason as completions: a plugin stuck in synchronized code must not pin a
    // carrier thread the web server's virtual threads share.
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("flowgate-abandoned-", 0).daemon(true).factory());
    private volatile boolean closed;

    /** @param owner names this instance as the holder of its claims */
    public AbandonmentService(SessionStore sessions, FlowPluginCatalog plugins, AbandonmentPolicy policy,
                              JourneyEvents events, Clock clock, String owner) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    @Override
    public int notifyAbandoned() {
        if (closed) {
            return 0;
        }
        int free = slots.drainPermits();
        if (free == 0) {
            return 0;
        }
        List<AbandonedSession> claimed;
        try {
            Instant now = clock.instant();
            claimed = sessions.claimAbandoned(policy.abandonAfter(), free, owner, now, now.plus(policy.lease()));
        } catch (RuntimeException e) {
            slots.release(free);
            throw e;
        }
        slots.release(free - claimed.size());
        for (AbandonedSession session : claimed) {
            if (session.attempts() == 1) {
                observe(session);
            }
            try {
                threads.execute(() -> attempt(session));
            } catch (RejectedExecutionException e) {
                slots.release(); // closing: the lease lapses and another round calls it
            }
        }
        return claimed.size();
    }

    private void observe(AbandonedSession session) {
        try {
            events.sessionAbandoned(session.flowId().value(), session.screen());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "flow {0}: the journey observer failed: {1}", session.flowId(), e.toString());
        }
    }

    private void attempt(AbandonedSession session) {
        boolean slotHandedOver = false;
        try {
            Optional<FlowPlugin> plugin = plugins.find(session.flowId());
            if (plugin.isEmpty()) {
                LOG.log(Level.WARNING, "flow {0}: an abandoned session's flow is served by no loaded plugin; nothing"
                        + " to call", session.flowId());
                record(session, sessions.markAbandonmentDelivered(session, owner));
                return;
            }
            FlowAbandonment abandonment = FlowAbandonment.builder().flowToken(session.token())
                    .flowId(session.flowId().value()).screen(session.screen()).waId(session.waId())
                    .abandonedAt(session.abandonedAt()).session(session.data()).context(session.context()).build();
            Future<?> call = threads.submit(() -> {
                try {
                    plugin.get().onAbandoned(abandonment);
                    return null;
                } finally {
                    slots.release(); // when the plugin's code really returns, even long after its timeout
                }
            });
            slotHandedOver = true;
            try {
                call.get(policy.timeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                call.cancel(true);
                throw new TimeoutException("onAbandoned did not return within " + policy.timeout()
                        + " (flowgate.sessions.abandon-hook.timeout); it was interrupted");
            }
            record(session, sessions.markAbandonmentDelivered(session, owner));
            LOG.log(Level.INFO, "flow {0}: abandoned session at screen {1} handed to the plugin (attempt {2})",
                    session.flowId(), session.screen(), session.attempts());
        } catch (InterruptedException | RejectedExecutionException e) {
            // Closing: nothing is recorded; the lease lapses and the call is made again.
        } catch (Exception | LinkageError e) {
            failed(session, e instanceof ExecutionException failure ? failure.getCause() : e);
        } finally {
            if (!slotHandedOver) {
                slots.release();
            }
        }
    }

    private void failed(AbandonedSession session, Throwable failure) {
        DeliveryError error = DeliveryError.of(failure);
        try {
            if (session.attempts() >= policy.maxAttempts()) {
                record(session, sessions.markAbandonmentFailed(session, owner, error));
                LOG.log(Level.ERROR, "flow " + session.flowId() + ": onAbandoned failed " + session.attempts()
                        + " times; the abandonment is kept as failed", failure);
            } else {
                Duration delay = policy.retryDelayAfter(session.attempts());
                record(session, sessions.scheduleAbandonmentRetry(session, owner, error, clock.instant().plus(delay)));
                LOG.log(Level.WARNING, "flow " + session.flowId() + ": onAbandoned failed (attempt " + session.attempts()
                        + " of " + policy.maxAttempts() + "); next attempt in " + delay, failure);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "flow " + session.flowId() + ": recording a failed onAbandoned call failed; it is"
                    + " made again when its lease lapses", e);
        }
    }

    private static void record(AbandonedSession session, boolean recorded) {
        if (!recorded) {
            LOG.log(Level.WARNING, "flow {0}: an abandoned session''s claim lapsed or the user came back during"
                    + " attempt {1}; its outcome is not recorded", session.flowId(), session.attempts());
        }
    }

    @Override
    public void close() {
        closed = true;
        threads.shutdown();
        try {
            if (!threads.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
