package io.flowgate.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The values read when Prometheus scrapes, rather than counted as they happen. */
public final class ServerGauges {

    private static final System.Logger LOG = System.getLogger(ServerGauges.class.getName());

    /**
     * @param queueDepth     requests waiting for a decryption worker now
     * @param queueCapacity  places in that queue (flowgate.crypto.queue-capacity)
     * @param pluginsLoaded  flows served
     * @param oldestPending  when the oldest undelivered completion was received (a storage query per scrape)
     * @param rsaOperations  RSA private operations so far (one per request, one more per older key tried)
     * @param rsaCpuNanos    their CPU time so far, on the threads that ran them
     */
    public record Sources(IntSupplier queueDepth, int queueCapacity, int pluginsLoaded,
                          Supplier<Optional<Instant>> oldestPending, Clock clock, LongSupplier rsaOperations,
                          LongSupplier rsaCpuNanos) {
    }

    private ServerGauges() {
    }

    /**
     * Micrometer holds a meter's object weakly: these gauges were registered on objects only they referenced, so
     * after the first garbage collection they read NaN (the webhook-age alert could never fire). Every gauge now
     * holds {@code sources} strongly, which also keeps it alive for the counters (FunctionCounter has no strong
     * option) as long as the registry lives.
     */
    public static void register(MeterRegistry registry, Sources sources) {
        Gauge.builder("flowgate.decryption.queue.depth", sources, source -> source.queueDepth().getAsInt())
                .description("Requests waiting for a decryption worker").strongReference(true).register(registry);
        Gauge.builder("flowgate.decryption.queue.capacity", sources, source -> source.queueCapacity())
                .description("Places in the decryption queue; beyond them requests are answered 503")
                .strongReference(true).register(registry);
        // Beside the process's CPU time these give the share of the server's CPU that is the floor of every
        // request, measured in the same seconds (docs/benchmarks.md; ./flowgate bench load prints it).
        FunctionCounter.builder("flowgate.crypto.rsa.operations", sources, source -> source.rsaOperations().getAsLong())
                .description("RSA private operations (unwrapping each request's AES key)").register(registry);
        FunctionCounter.builder("flowgate.crypto.rsa.cpu", sources, source -> source.rsaCpuNanos().getAsLong() / 1e9)
                .baseUnit("seconds").description("CPU time of the RSA private operations, on the threads that ran them")
                .register(registry);
        Gauge.builder("flowgate.plugins.loaded", sources, source -> source.pluginsLoaded())
                .description("Flows served by the plugins loaded at startup").strongReference(true).register(registry);
        Gauge.builder("flowgate.webhook.oldest.undelivered.age.seconds", sources, ServerGauges::oldestAge)
                .description("Age of the oldest completion message not yet delivered to its plugin (0: none)")
                .strongReference(true).register(registry);
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
