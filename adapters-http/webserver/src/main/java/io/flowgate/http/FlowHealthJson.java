package io.flowgate.http;

import io.flowgate.core.domain.FlowHealth;
import io.flowgate.core.domain.ReceivedMetaAlert;
import io.flowgate.core.domain.RequestOutcome;
import io.flowgate.core.domain.TrafficMinute;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a flow's health reads as JSON, the same on the admin API, in {@code ./flowgate status} and on the status
 * page. Values that cannot be known (a percentile without requests, availability without pings) are null.
 */
final class FlowHealthJson {

    /** Every instance measures only the requests it answered itself. */
    static final String PER_INSTANCE = "requests, latency and availability are this instance's share; behind a load"
            + " balancer ask each instance. Meta alerts are shared by every instance.";

    private FlowHealthJson() {
    }

    static Map<String, Object> health(FlowHealth health) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("flow", health.flow().value());
        fields.put("meta_flow_id", health.metaFlowId().orElse(null));
        fields.put("state", health.state().name().toLowerCase(Locale.ROOT));
        fields.put("reasons", health.reasons());
        var requests = health.requests();
        fields.put("window_minutes", requests.window().toMinutes());
        fields.put("requests", requests.requests());
        fields.put("errors", requests.errors());
        fields.put("error_rate", rounded(requests.errorRate()));
        var answers = new LinkedHashMap<String, Object>();
        for (Map.Entry<RequestOutcome, Long> answer : requests.answers().entrySet()) {
            answers.put(answer.getKey().label(), answer.getValue());
        }
        fields.put("answers", answers);
        fields.put("p50_ms", requests.p50Millis().isPresent() ? requests.p50Millis().getAsLong() : null);
        fields.put("p90_ms", requests.p90Millis().isPresent() ? requests.p90Millis().getAsLong() : null);
        var pings = health.pings();
        fields.put("availability_window_minutes", pings.window().toMinutes());
        fields.put("pings", pings.pings());
        fields.put("pings_answered", pings.answered());
        fields.put("availability", pings.availability().isPresent() ? rounded(pings.availability().getAsDouble()) : null);
        fields.put("meta_status", health.metaStatus().orElse(null));
        fields.put("alerts", health.latestAlerts().stream().map(FlowHealthJson::alert).toList());
        fields.put("recent_alerts", health.recentAlerts().stream().map(FlowHealthJson::alert).toList());
        return fields;
    }

    static Map<String, Object> alert(ReceivedMetaAlert alert) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("event", alert.event());
        fields.put("state", alert.state());
        fields.put("meta_flow_id", alert.metaFlowId());
        fields.put("message", alert.message());
        fields.put("occurred_at", alert.occurredAt().toString());
        fields.put("received_at", alert.receivedAt().toString());
        fields.put("value", alert.values());
        return fields;
    }

    static List<Map<String, Object>> minutes(List<TrafficMinute> minutes) {
        return minutes.stream().map(minute -> {
            var fields = new LinkedHashMap<String, Object>();
            fields.put("start", minute.start().toString());
            fields.put("requests", minute.requests());
            fields.put("errors", minute.errors());
            fields.put("error_rate", minute.requests() == 0 ? 0.0 : rounded((double) minute.errors() / minute.requests()));
            fields.put("p90_ms", minute.p90Millis().isPresent() ? minute.p90Millis().getAsLong() : null);
            return (Map<String, Object>) fields;
        }).toList();
    }

    private static double rounded(double ratio) {
        return Math.round(ratio * 10_000) / 10_000.0;
    }
}
