package io.flowgate.app;

import io.flowgate.core.port.in.DeliverCompletions;
import io.flowgate.core.port.in.PurgeExpiredState;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers stored completion messages (every second, and at once after each webhook delivery) and purges
 * dead state (every purge interval). One thread: delivery rounds never overlap within an instance, and the
 * inbox's leases keep instances from overlapping.
 */
final class BackgroundJobs implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BackgroundJobs.class.getName());

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "flowgate-background");
        thread.setDaemon(true);
        return thread;
    });
    private final DeliverCompletions completions;
    private final AtomicBoolean deliveryQueued = new AtomicBoolean();

    BackgroundJobs(DeliverCompletions completions, PurgeExpiredState purge, Duration purgeInterval) {
        this.completions = completions;
        scheduler.scheduleWithFixedDelay(this::deliver, 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("purging dead sessions", purge::purge),
                purgeInterval.toMillis(), purgeInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a delivery round soon, unless one is already waiting to run. */
    void deliverSoon() {
        if (deliveryQueued.compareAndSet(false, true)) {
            scheduler.execute(this::deliver);
        }
    }

    private void deliver() {
        deliveryQueued.set(false);
        guarded("delivering completions", () -> {
            while (completions.deliverPending() > 0) {
                // keep going while there is work
            }
        });
    }

    private static void guarded(String what, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            // A database outage must not kill the schedule; the next round tries again.
            LOG.log(Level.ERROR, "background job failed " + what, e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
