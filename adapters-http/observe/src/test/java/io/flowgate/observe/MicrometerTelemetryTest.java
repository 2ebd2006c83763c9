package io.flowgate.observe;

import io.flowgate.core.domain.ReceivedMetaAlert;
import io.flowgate.core.port.out.FlowgateTelemetry.RequestAction;
import io.flowgate.core.port.out.FlowgateTelemetry.WebhookEvent;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerTelemetryTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerTelemetry telemetry = new MicrometerTelemetry(registry, List.of("appointment"));

    @Test
    void servedFlowsHaveTheirSeriesAtZeroBeforeTheirFirstRequest() {
        String scrape = registry.scrape();

        assertThat(scrape).contains("flowgate_request_duration_seconds_count{flow=\"appointment\"} 0")
                .contains("flowgate_plugin_failures_total{flow=\"appointment\",kind=\"timeout\"} 0.0")
                .contains("flowgate_sessions_completed_total{flow=\"appointment\"} 0.0")
                .contains("flowgate_webhook_events_total{event=\"dead_lettered\"} 0.0");
    }

    @Test
    void latencyBucketsResolveMillisecondsAndMetasThresholds() {
        telemetry.requestAnswered("appointment", RequestAction.INIT, 200, 3_000_000, false);
        telemetry.requestAnswered("appointment", RequestAction.INIT, 200, 900_000_000, false);
        telemetry.requestAnswered("appointment", RequestAction.INIT, 500, 6_000_000_000L, true);

        String scrape = registry.scrape();
        assertThat(scrape).contains("flowgate_request_duration_seconds_bucket{flow=\"appointment\",le=\"0.005\"} 1")
                .contains("flowgate_request_duration_seconds_bucket{flow=\"appointment\",le=\"1.0\"} 2")
                .contains("flowgate_request_duration_seconds_bucket{flow=\"appointment\",le=\"5.0\"} 2")
                .contains("flowgate_request_duration_seconds_bucket{flow=\"appointment\",le=\"7.0\"} 3")
                .contains("flowgate_requests_total{action=\"INIT\",flow=\"appointment\",status=\"500\"} 1.0")
                .contains("flowgate_request_timeouts_total{flow=\"appointment\"} 1.0");
    }

    @Test
    void valuesFromOutsideCannotGrowTheSeriesWithoutBound() {
        for (int i = 0; i < MicrometerTelemetry.MAX_META_FLOWS + 100; i++) {
            telemetry.alertReceived(alert(String.valueOf(1_000_000 + i), "ENDPOINT_LATENCY", "ACTIVATED"));
        }
        for (int i = 0; i < 300; i++) {
            telemetry.screenReached("appointment", "SCREEN_" + i);
        }

        String scrape = registry.scrape();
        assertThat(scrape.lines().filter(line -> line.startsWith("flowgate_meta_flow_state{"))).hasSize(MicrometerTelemetry.MAX_META_FLOWS + 1);
        assertThat(scrape).contains("flowgate_meta_flow_state{event=\"ENDPOINT_LATENCY\",meta_flow_id=\"(other)\",state=\"ACTIVATED\"} 1.0")
                .contains("flowgate_meta_alerts_total{alert_state=\"ACTIVATED\",event=\"ENDPOINT_LATENCY\"} 600.0");
        assertThat(scrape.lines().filter(line -> line.startsWith("flowgate_screen_reached_total{"))).hasSize(101);
    }

    @Test
    void theMetaFlowStateGaugeFollowsTheLastStateSent() {
        telemetry.knownState(alert("42", "FLOW_STATUS_CHANGE", "PUBLISHED"));
        telemetry.alertReceived(alert("42", "FLOW_STATUS_CHANGE", "THROTTLED"));

        String scrape = registry.scrape();
        assertThat(scrape).contains("flowgate_meta_flow_state{event=\"FLOW_STATUS_CHANGE\",meta_flow_id=\"42\",state=\"THROTTLED\"} 1.0")
                .contains("flowgate_meta_flow_state{event=\"FLOW_STATUS_CHANGE\",meta_flow_id=\"42\",state=\"PUBLISHED\"} 0.0")
                .as("the stored state at startup is not a new event")
                .contains("flowgate_meta_alerts_total{alert_state=\"THROTTLED\",event=\"FLOW_STATUS_CHANGE\"} 1.0")
                .doesNotContain("alert_state=\"PUBLISHED\"");
    }

    @Test
    void webhookAndMediaEventsAreCounted() {
        telemetry.webhook(WebhookEvent.RECEIVED);
        telemetry.webhook(WebhookEvent.DUPLICATE);
        telemetry.mediaDownloaded("ok", 1024);
        telemetry.mediaDownloaded("hash_mismatch", 10);

        String scrape = registry.scrape();
        assertThat(scrape).contains("flowgate_webhook_events_total{event=\"received\"} 1.0")
                .contains("flowgate_webhook_events_total{event=\"duplicate\"} 1.0")
                .contains("flowgate_media_downloads_total{outcome=\"ok\"} 1.0")
                .contains("flowgate_media_downloads_total{outcome=\"hash_mismatch\"} 1.0")
                .contains("flowgate_media_downloaded_bytes_total 1034.0");
    }

    private static ReceivedMetaAlert alert(String metaFlowId, String event, String state) {
        boolean statusChange = event.equals(ReceivedMetaAlert.FLOW_STATUS_CHANGE);
        return new ReceivedMetaAlert(metaFlowId + event + state, metaFlowId, event, statusChange ? "" : state,
                statusChange ? state : "", "", Instant.EPOCH, Instant.EPOCH, Map.of());
    }
}
