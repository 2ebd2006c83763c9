package io.flowgate.core.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookDeliveryPolicyTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        var defaults = WebhookDeliveryPolicy.defaults();

        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.maxAttempts()).isEqualTo(10);
        assertThat(defaults.concurrency()).isEqualTo(4);
        assertThat(defaults.lease()).as("timeout plus the margin").isEqualTo(Duration.ofSeconds(70));
    }

    @Test
    void theRetryDelayDoublesFromTheFirstUpToTheMaximum() {
        var defaults = WebhookDeliveryPolicy.defaults();

        assertThat(IntStream.rangeClosed(1, 9).mapToObj(defaults::retryDelayAfter).map(Duration::toSeconds))
                .containsExactly(30L, 60L, 120L, 240L, 480L, 960L, 1920L, 3600L, 3600L);
        assertThat(defaults.retryDelayAfter(1_000_000)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aBadValueNamesTheSettingToFix() {
        assertThatThrownBy(() -> new WebhookDeliveryPolicy(Duration.ZERO, 10, 4, Duration.ofSeconds(30), Duration.ofHours(1)))
                .hasMessageContaining("flowgate.webhook.delivery.timeout");
        assertThatThrownBy(() -> new WebhookDeliveryPolicy(Duration.ofSeconds(1), 0, 4, Duration.ofSeconds(30), Duration.ofHours(1)))
                .hasMessageContaining("flowgate.webhook.delivery.max-attempts");
        assertThatThrownBy(() -> new WebhookDeliveryPolicy(Duration.ofSeconds(1), 1, 0, Duration.ofSeconds(30), Duration.ofHours(1)))
                .hasMessageContaining("flowgate.webhook.delivery.concurrency");
        assertThatThrownBy(() -> new WebhookDeliveryPolicy(Duration.ofSeconds(1), 1, 1, Duration.ofHours(2), Duration.ofHours(1)))
                .hasMessageContaining("first");
    }

    @Test
    void anErrorKeepsItsClassAndACutMessage() {
        var error = DeliveryError.of(new IllegalStateException("x".repeat(5000)));

        assertThat(error.type()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.message()).hasSize(DeliveryError.MAX_MESSAGE_LENGTH);
        assertThat(DeliveryError.of(new RuntimeException()).message()).isEmpty();
    }
}
