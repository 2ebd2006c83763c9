package io.flowgate.app;

import io.flowgate.core.port.in.DeliverCompletions;
import io.flowgate.core.port.in.NotifyAbandonments;
import io.flowgate.core.port.in.PurgeExpiredState;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts delivery rounds for stored completion messages (every second, and at once after each webhook
 * delivery), purges dead state (every purge interval) and looks for abandoned sessions (every scan interval),
 * each on a thread of its own: a slow purge never delays deliveries, and the plugin calls themselves run on the
 * services' own bounded threads.
 */
final class BackgroundJobs implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BackgroundJobs.class.getName());

    private final ScheduledExecutorService deliveryRounds = singleThread("flowgate-delivery-rounds");
    private final ScheduledExecutorService purging = singleThread("flowgate-purge");
    private final ScheduledExecutorService abandonmentScans = singleThread("flowgate-abandonment-scans");
    private final DeliverCompletions completions;
    private final NotifyAbandonments abandonments;
    private final AtomicBoolean deliveryQueued = new AtomicBoolean();

    BackgroundJobs(DeliverCompletions completions, PurgeExpiredState purge, Duration purgeInterval,
                   NotifyAbandonments abandonments, Duration abandonmentScanInterval) {
        this.completions = completions;
        this.abandonments = abandonments;
        abandonmentScans.scheduleWithFixedDelay(() -> guarded("notifying abandoned sessions", abandonments::notifyAbandoned),
                abandonmentScanInterval.toMillis(), abandonmentScanInterval.toMillis(), TimeUnit.MILLISECONDS);
        deliveryRounds.scheduleWithFixedDelay(this::deliver, 1, 1, TimeUnit.SECONDS);
        purging.scheduleWithFixedDelay(() -> guarded("purging dead sessions", purge::purge),
                purgeInterval.toMillis(), purgeInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a delivery round soon, unless one is already waiting to run. */
    void deliverSoon() {
        if (deliveryQueued.compareAndSet(false, true)) {
            deliveryRounds.execute(this::deliver);
        }
    }

    private void deliver() {
        deliveryQueued.set(false);
        guarded("delivering completions", completions::deliverPending);
    }

    private static void guarded(String what, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            // A database outage must not kill the schedule; the next round tries again.
            LOG.log(Level.ERROR, "background job failed " + what, e);
        }
    }

    private static ScheduledExecutorService singleThread(String name) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void close() {
        deliveryRounds.shutdownNow();
        purging.shutdownNow();
        abandonmentScans.shutdownNow();
        try {
            deliveryRounds.awaitTermination(5, TimeUnit.SECONDS);
            purging.awaitTermination(5, TimeUnit.SECONDS);
            abandonmentScans.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        completions.close();
        abandonments.close();
    }
}
