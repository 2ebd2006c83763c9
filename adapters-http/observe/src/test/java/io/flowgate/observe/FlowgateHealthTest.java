package io.flowgate.observe;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class FlowgateHealthTest {

    private final AtomicInteger queued = new AtomicInteger();

    @Test
    void aServerWithItsStorageKeysPluginsAndRoomInTheQueueIsReady() {
        var statuses = statuses(probes(() -> { }, 1, List.of("appointment")));

        assertThat(statuses).containsExactly(Map.entry("storage", HealthCheckResponse.Status.UP),
                Map.entry("keys", HealthCheckResponse.Status.UP), Map.entry("plugins", HealthCheckResponse.Status.UP),
                Map.entry("decryption-queue", HealthCheckResponse.Status.UP));
    }

    @Test
    void storageThatDoesNotAnswerIsDownWithTheReason() {
        HealthCheck storage = FlowgateHealth.readiness(probes(() -> {
            throw new SQLTransientConnectionException("connection is not available, request timed out after 1000ms");
        }, 1, List.of("appointment"))).getFirst();

        HealthCheckResponse response = storage.call();
        assertThat(response.status()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.details()).containsEntry("store", "PostgreSQL jdbc:postgresql://db/flowgate")
                .containsEntry("error", "SQLTransientConnectionException: connection is not available, request timed out after 1000ms");
    }

    @Test
    void aFullDecryptionQueueIsNotReadyAndRoomAgainIs() {
        var probes = probes(() -> { }, 1, List.of("appointment"));
        queued.set(64);
        assertThat(statuses(probes)).containsEntry("decryption-queue", HealthCheckResponse.Status.DOWN);
        queued.set(63);
        assertThat(statuses(probes)).containsEntry("decryption-queue", HealthCheckResponse.Status.UP);
    }

    @Test
    void noPluginsOrNoKeyIsNotReady() {
        assertThat(statuses(probes(() -> { }, 1, List.of()))).containsEntry("plugins", HealthCheckResponse.Status.DOWN);
        assertThat(statuses(probes(() -> { }, 0, List.of("appointment")))).containsEntry("keys", HealthCheckResponse.Status.DOWN);
    }

    private FlowgateHealth.Probes probes(FlowgateHealth.StorageProbe storage, int keys, List<String> flows) {
        return new FlowgateHealth.Probes(storage, "PostgreSQL jdbc:postgresql://db/flowgate", keys, true, flows,
                queued::get, 64);
    }

    private static Map<String, HealthCheckResponse.Status> statuses(FlowgateHealth.Probes probes) {
        return FlowgateHealth.readiness(probes).stream().collect(Collectors.toMap(HealthCheck::name,
                check -> check.call().status(), (a, b) -> a, java.util.LinkedHashMap::new));
    }
}
