package io.flowgate.observe;

import io.flowgate.core.domain.ReceivedMetaAlert;
import io.flowgate.core.port.out.FlowgateTelemetry;
import io.flowgate.core.port.out.JourneyEvents;
import io.flowgate.core.port.out.MetaAlertObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The telemetry port, the journey events and Meta's alerts as Micrometer meters, named as docs/observability
 * lists them (Micrometer's Prometheus naming turns {@code flowgate.requests} into {@code flowgate_requests_total}).
 *
 * <p>On the request path each event is a map lookup of an already registered meter and an increment: meters
 * are registered once per label combination and cached here, because Micrometer's own lookup by name and
 * tags allocates and sorts on every call.
 */
public final class MicrometerTelemetry implements FlowgateTelemetry, JourneyEvents, MetaAlertObserver {

    /**
     * Resolve our milliseconds and Meta's thresholds: p90 latency warnings at 1 s, and the 5 s and 7 s
     * figures of its latency alert, and Meta's 10 s timeout.
     */
    static final Duration[] LATENCY_BUCKETS = {millis(5), millis(10), millis(25), millis(50), millis(100),
            millis(250), millis(500), millis(750), Duration.ofSeconds(1), millis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(7), Duration.ofSeconds(10)};
    /** Meta flows a business has; far more than a real one, few enough for any Prometheus. */
    static final int MAX_META_FLOWS = 500;

    private final MeterRegistry registry;
    private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Counter> timeouts = new ConcurrentHashMap<>();
    private final Map<LabelPair, Counter> tokenRejections = new ConcurrentHashMap<>();
    private final Map<LabelPair, Counter> signatureRejections = new ConcurrentHashMap<>();
    private final Map<LabelPair, Counter> pluginFailures = new ConcurrentHashMap<>();
    private final Map<LabelPair, Counter> findings = new ConcurrentHashMap<>();
    private final Map<WebhookEvent, Counter> webhookEvents = new ConcurrentHashMap<>();
    private final Map<String, Counter> mediaDownloads = new ConcurrentHashMap<>();
    private final Map<LabelPair, Counter> screensReached = new ConcurrentHashMap<>();
    private final Map<LabelPair, Counter> abandoned = new ConcurrentHashMap<>();
    private final Map<String, Counter> completed = new ConcurrentHashMap<>();
    private final Map<LabelPair, Counter> metaAlerts = new ConcurrentHashMap<>();
    /** The last state Meta sent per Meta flow id and event; the gauge of each (flow id, event, state) reads it. */
    private final Map<LabelPair, String> metaStates = new ConcurrentHashMap<>();
    private final Map<MetaStateKey, Gauge> metaStateGauges = new ConcurrentHashMap<>();
    private final Counter decryptionRejected;
    private final Counter mediaBytes;
    private final Map<String, BoundedLabels> screenLabels = new ConcurrentHashMap<>();
    private final BoundedLabels metaFlowIds = new BoundedLabels(MAX_META_FLOWS);
    private final BoundedLabels metaEvents = new BoundedLabels(50);
    private final BoundedLabels metaStatesSeen = new BoundedLabels(50);
    private final BoundedLabels findingCodes = new BoundedLabels(200);
    private final BoundedLabels mediaOutcomes = new BoundedLabels(20);

    /**
     * @param servedFlows the flows whose series exist from the start at zero (so that rates and alert rules
     *                    have a baseline before the first failure)
     */
    public MicrometerTelemetry(MeterRegistry registry, Collection<String> servedFlows) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.decryptionRejected = Counter.builder("flowgate.decryption.rejected")
                .description("Requests refused because every place in the decryption queue was taken (503)")
                .register(registry);
        this.mediaBytes = Counter.builder("flowgate.media.downloaded.bytes")
                .description("Bytes of uploaded files downloaded from WhatsApp's CDN").register(registry);
        for (WebhookEvent event : WebhookEvent.values()) {
            webhookEvents.put(event, Counter.builder("flowgate.webhook.events").tag("event", event.label())
                    .description("Completion messages by what happened to them in the webhook inbox")
                    .register(registry));
        }
        for (String flow : servedFlows) {
            duration(flow);
            timeouts(flow);
            completedCounter(flow);
            for (PluginFailure failure : PluginFailure.values()) {
                pluginFailureCounter(flow, failure.label());
            }
            for (SignatureKind kind : SignatureKind.values()) {
                signatureCounter(flow, kind.label());
            }
        }
    }

    @Override
    public void requestAnswered(String flow, RequestAction action, int httpStatus, long latencyNanos, boolean timedOut) {
        requests.computeIfAbsent(new RequestKey(flow, action, httpStatus), key -> Counter.builder("flowgate.requests")
                .description("Data-endpoint requests by flow, action and the HTTP status answered")
                .tag("flow", key.flow()).tag("action", key.action().label())
                .tag("status", Integer.toString(key.status())).register(registry)).increment();
        duration(flow).record(latencyNanos, TimeUnit.NANOSECONDS);
        if (timedOut) {
            timeouts(flow).increment();
        }
    }

    @Override
    public void tokenRejected(String flow, String reason) {
        tokenRejections.computeIfAbsent(new LabelPair(flow, reason), key -> Counter.builder("flowgate.token.rejections")
                .description("Steps answered 427: the flow token is dead, by reason")
                .tag("flow", key.first()).tag("reason", key.second()).register(registry)).increment();
    }

    @Override
    public void signatureRejected(String flow, SignatureKind kind) {
        signatureCounter(flow, kind.label()).increment();
    }

    @Override
    public void pluginFailed(String flow, PluginFailure failure) {
        pluginFailureCounter(flow, failure.label()).increment();
    }

    @Override
    public void answerBrokeFlowJson(String flow, Collection<String> codes) {
        for (String code : codes) {
            findings.computeIfAbsent(new LabelPair(flow, findingCodes.label(code)), key ->
                    Counter.builder("flowgate.flowjson.findings")
                            .description("Errors and warnings of answers checked against the flow's Flow JSON, by code")
                            .tag("flow", key.first()).tag("code", key.second()).register(registry)).increment();
        }
    }

    @Override
    public void decryptionRejected() {
        decryptionRejected.increment();
    }

    @Override
    public void webhook(WebhookEvent event) {
        webhookEvents.get(event).increment();
    }

    @Override
    public void mediaDownloaded(String outcome, long bytes) {
        mediaDownloads.computeIfAbsent(mediaOutcomes.label(outcome), label -> Counter.builder("flowgate.media.downloads")
                .description("Downloads of uploaded files by outcome: ok, or why they failed")
                .tag("outcome", label).register(registry)).increment();
        if (bytes > 0) {
            mediaBytes.increment(bytes);
        }
    }

    @Override
    public void screenReached(String flow, String screen) {
        screensReached.computeIfAbsent(new LabelPair(flow, screenLabel(flow, screen)), key ->
                Counter.builder("flowgate.screen.reached")
                        .description("Sessions that reached a screen (once per session and screen)")
                        .tag("flow", key.first()).tag("screen", key.second()).register(registry)).increment();
    }

    @Override
    public void sessionAbandoned(String flow, String screen) {
        abandoned.computeIfAbsent(new LabelPair(flow, screenLabel(flow, screen)), key ->
                Counter.builder("flowgate.sessions.abandoned")
                        .description("Sessions counted abandoned, by the screen they stopped at")
                        .tag("flow", key.first()).tag("screen", key.second()).register(registry)).increment();
    }

    @Override
    public void sessionCompleted(String flow) {
        completedCounter(flow).increment();
    }

    @Override
    public void alertReceived(ReceivedMetaAlert alert) {
        String event = metaEvents.label(alert.event().isEmpty() ? "(none)" : alert.event());
        String state = metaStatesSeen.label(alert.state().isEmpty() ? "(none)" : alert.state());
        metaAlerts.computeIfAbsent(new LabelPair(event, state), key -> Counter.builder("flowgate.meta.alerts")
                .description("Events of Meta's flows webhook field, by event and alert state (or new status)")
                .tag("event", key.first()).tag("alert_state", key.second()).register(registry)).increment();
        rememberState(alert.metaFlowId(), event, state);
    }

    /** Sets the last known state of a Meta flow without counting an event: the stored state at startup. */
    public void knownState(ReceivedMetaAlert alert) {
        rememberState(alert.metaFlowId(), metaEvents.label(alert.event().isEmpty() ? "(none)" : alert.event()),
                metaStatesSeen.label(alert.state().isEmpty() ? "(none)" : alert.state()));
    }

    private void rememberState(String metaFlowId, String event, String state) {
        String flowId = metaFlowIds.label(metaFlowId.isEmpty() ? "(none)" : metaFlowId);
        LabelPair key = new LabelPair(flowId, event);
        metaStates.put(key, state);
        metaStateGauges.computeIfAbsent(new MetaStateKey(flowId, event, state), gauge ->
                Gauge.builder("flowgate.meta.flow.state", metaStates,
                                states -> gauge.state().equals(states.get(key)) ? 1 : 0)
                        .description("1 for the last state Meta sent for a flow and event, 0 for earlier ones")
                        .tag("meta_flow_id", gauge.metaFlowId()).tag("event", gauge.event())
                        .tag("state", gauge.state()).register(registry));
    }

    private String screenLabel(String flow, String screen) {
        return screenLabels.computeIfAbsent(flow, ignored -> new BoundedLabels(100)).label(screen);
    }

    private Timer duration(String flow) {
        return durations.computeIfAbsent(flow, label -> Timer.builder("flowgate.request.duration")
                .description("Time from the request's arrival to its answer, per flow")
                .tag("flow", label).serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
    }

    private Counter timeouts(String flow) {
        return timeouts.computeIfAbsent(flow, label -> Counter.builder("flowgate.request.timeouts")
                .description("Requests answered after their deadline or Meta's 10 s: errors whatever their status")
                .tag("flow", label).register(registry));
    }

    private Counter completedCounter(String flow) {
        return completed.computeIfAbsent(flow, label -> Counter.builder("flowgate.sessions.completed")
                .description("Sessions answered SUCCESS").tag("flow", label).register(registry));
    }

    private Counter pluginFailureCounter(String flow, String kind) {
        return pluginFailures.computeIfAbsent(new LabelPair(flow, kind), key -> Counter.builder("flowgate.plugin.failures")
                .description("Calls into the flow's plugin that failed, timed out, or found every call slot taken")
                .tag("flow", key.first()).tag("kind", key.second()).register(registry));
    }

    private Counter signatureCounter(String flow, String kind) {
        return signatureRejections.computeIfAbsent(new LabelPair(flow, kind), key ->
                Counter.builder("flowgate.signature.rejections")
                        .description("Requests answered 432, by which signature was missing or wrong")
                        .tag("flow", key.first()).tag("kind", key.second()).register(registry));
    }

    private static Duration millis(long millis) {
        return Duration.ofMillis(millis);
    }

    private record RequestKey(String flow, RequestAction action, int status) {
    }

    private record LabelPair(String first, String second) {
    }

    private record MetaStateKey(String metaFlowId, String event, String state) {
    }
}
