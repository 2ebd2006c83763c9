package io.flowgate.observe;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ServerGaugesTest {

    /**
     * Micrometer holds a meter's object weakly; the server passes lambdas nothing else holds. Before the fix the
     * queue gauges and the webhook age read NaN after the first collection, and the age alert could never fire.
     */
    @Test
    void theValuesSurviveGarbageCollection() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T12:10:00Z"), ZoneOffset.UTC);
        var sources = new ServerGauges.Sources(() -> 3, 64, 2,
                () -> Optional.of(Instant.parse("2026-12-04T12:00:00Z")), clock, () -> 7, () -> 2_500_000_000L);
        var watched = new WeakReference<>(sources);
        ServerGauges.register(registry, sources);
        sources = null;

        for (int i = 0; i < 10 && watched.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        String scrape = registry.scrape();

        assertThat(scrape).contains("flowgate_decryption_queue_depth 3.0")
                .contains("flowgate_decryption_queue_capacity 64.0")
                .contains("flowgate_plugins_loaded 2.0")
                .contains("flowgate_webhook_oldest_undelivered_age_seconds 600.0")
                .contains("flowgate_crypto_rsa_operations_total 7.0")
                .contains("flowgate_crypto_rsa_cpu_seconds_total 2.5");
        assertThat(watched.get()).as("the registry keeps the sources").isNotNull();
    }
}
