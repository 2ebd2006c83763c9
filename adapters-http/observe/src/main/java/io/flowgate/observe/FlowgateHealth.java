package io.flowgate.observe;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.health.checks.HealthChecks;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * {@code /observe/health} with {@code /live}, {@code /ready} and {@code /started}, through Helidon's health
 * observer (its JSON format, 200 when up and 503 when down), on the management listener only.
 *
 * <ul>
 *   <li>Live: no thread deadlock (Helidon's own check). A deadlocked process needs a restart.</li>
 *   <li>Ready: storage answers within a second, a private key is loaded, plugins are loaded, and the
 *       decryption queue has room. A server that is not ready should get no traffic from a load balancer,
 *       but must not be restarted for it (a database outage is not cured by restarting every instance).</li>
 *   <li>Started: up as soon as it answers: the routes exist only once the plugins were loaded and both
 *       listeners bound, so it needs no check of its own.</li>
 * </ul>
 */
public final class FlowgateHealth {

    /** A query against the store that proves it answers; throws when it does not. */
    @FunctionalInterface
    public interface StorageProbe {
        void check() throws Exception;
    }

    /**
     * @param storage       what the storage check runs
     * @param storageName   the store's description (never with a password)
     * @param keysLoaded    private keys the envelope cipher holds
     * @param production    whether a key was configured (rather than the development key)
     * @param flows         the flows the loaded plugins serve
     * @param queueDepth    requests waiting for a decryption worker now
     * @param queueCapacity places in that queue
     */
    public record Probes(StorageProbe storage, String storageName, int keysLoaded, boolean production,
                         List<String> flows, IntSupplier queueDepth, int queueCapacity) {
        public Probes {
            Objects.requireNonNull(storage, "storage");
            flows = List.copyOf(flows);
        }
    }

    private FlowgateHealth() {
    }

    /** The health observer under {@code /observe}, served on the listener named {@code socket} only. */
    public static ObserveFeature feature(String socket, Probes probes) {
        HealthObserver health = HealthObserver.builder()
                .details(true)
                .useSystemServices(false)
                .addCheck(HealthChecks.deadlockCheck(), HealthCheckType.LIVENESS)
                .addChecks(readiness(probes).toArray(HealthCheck[]::new))
                .build();
        return ObserveFeature.builder()
                .observersDiscoverServices(false)
                .addObserver(health)
                .sockets(List.of(socket))
                .build();
    }

    static List<HealthCheck> readiness(Probes probes) {
        return List.of(new StorageCheck(probes.storage(), probes.storageName()),
                check("keys", () -> HealthCheckResponse.builder().status(probes.keysLoaded() > 0)
                        .detail("loaded", probes.keysLoaded())
                        .detail("mode", probes.production() ? "production" : "development").build()),
                check("plugins", () -> HealthCheckResponse.builder().status(!probes.flows().isEmpty())
                        .detail("flows", String.join(",", probes.flows())).build()),
                check("decryption-queue", () -> {
                    int depth = probes.queueDepth().getAsInt();
                    return HealthCheckResponse.builder().status(depth < probes.queueCapacity())
                            .detail("queued", depth).detail("capacity", probes.queueCapacity()).build();
                }));
    }

    private static HealthCheck check(String name, java.util.function.Supplier<HealthCheckResponse> call) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckResponse call() {
                return call.get();
            }
        };
    }

    /** Down, with the failure's message (which names no secret), when the store does not answer. */
    private record StorageCheck(StorageProbe probe, String storageName) implements HealthCheck {
        @Override
        public HealthCheckType type() {
            return HealthCheckType.READINESS;
        }

        @Override
        public String name() {
            return "storage";
        }

        @Override
        public HealthCheckResponse call() {
            long started = System.nanoTime();
            var response = HealthCheckResponse.builder().detail("store", storageName);
            try {
                probe.check();
                response.status(true);
            } catch (Exception e) {
                response.status(false).detail("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            return response.detail("millis", (System.nanoTime() - started) / 1_000_000).build();
        }
    }
}
