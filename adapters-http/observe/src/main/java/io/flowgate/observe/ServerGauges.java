package io.flowgate.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The values read when Prometheus scrapes, rather than counted as they happen. */
public final class ServerGauges {

    private static final System.Logger LOG = System.getLogger(ServerGauges.class.getName());

    /**
     * @param queueDepth     requests waiting for a decryption worker now
     * @param queueCapacity  places in that queue (flowgate.crypto.queue-capacity)
     * @param pluginsLoaded  flows served
     * @param oldestPending  when the oldest undelivered completion was received (a storage query per scrape)
     */
    public record Sources(IntSupplier queueDepth, int queueCapacity, int pluginsLoaded,
                          Supplier<Optional<Instant>> oldestPending, Clock clock) {
    }

    private ServerGauges() {
    }

    public static void register(MeterRegistry registry, Sources sources) {
        Gauge.builder("flowgate.decryption.queue.depth", sources.queueDepth(), IntSupplier::getAsInt)
                .description("Requests waiting for a decryption worker").register(registry);
        Gauge.builder("flowgate.decryption.queue.capacity", sources, source -> source.queueCapacity())
                .description("Places in the decryption queue; beyond them requests are answered 503").register(registry);
        Gauge.builder("flowgate.plugins.loaded", sources, source -> source.pluginsLoaded())
                .description("Flows served by the plugins loaded at startup").register(registry);
        Gauge.builder("flowgate.webhook.oldest.undelivered.age.seconds", sources, ServerGauges::oldestAge)
                .description("Age of the oldest completion message not yet delivered to its plugin (0: none)")
                .register(registry);
    }

    /** NaN when the store cannot say: Prometheus shows a gap, not a reassuring 0. */
    private static double oldestAge(Sources sources) {
        try {
            return sources.oldestPending().get()
                    .map(received -> Math.max(0, Duration.between(received, sources.clock().instant()).toMillis() / 1000.0))
                    .orElse(0.0);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the webhook inbox's oldest pending event could not be read: {0}",
                    e.getMessage());
            return Double.NaN;
        }
    }
}
