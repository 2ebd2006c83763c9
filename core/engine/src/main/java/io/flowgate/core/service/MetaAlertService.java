package io.flowgate.core.service;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.LogSafe;
import io.flowgate.core.domain.ReceivedMetaAlert;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.port.in.PluginSaturatedException;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.MetaAlertObserver;
import io.flowgate.core.port.out.MetaAlertStore;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.MetaAlert;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Meta's {@code flows} webhook events: each is stored (every instance shows it), logged (ACTIVATED alerts and
 * THROTTLED or BLOCKED statuses at WARNING, the rest at INFO), counted, passed to the observer (metrics) and to
 * the plugin of the flow mapped to its Meta flow id. Parsing is tolerant: an event with missing or unexpected
 * values is kept as it came, under the names it has.
 */
public final class MetaAlertService {

    private static final System.Logger LOG = System.getLogger(MetaAlertService.class.getName());
    /** The events meta-operations.md lists; others are kept, and counted as UNKNOWN so the counters stay bounded. */
    public static final Set<String> KNOWN_EVENTS = Set.of("ENDPOINT_ERROR_RATE", "ENDPOINT_LATENCY",
            "ENDPOINT_AVAILABILITY", "CLIENT_ERROR_RATE", "FLOW_STATUS_CHANGE", "FLOW_VERSION_EXPIRY_WARNING");
    private static final Set<String> KNOWN_STATES = Set.of("ACTIVATED", "DEACTIVATED", "DRAFT", "PUBLISHED",
            "DEPRECATED", "BLOCKED", "THROTTLED");
    /** An observer that hangs delays the webhook's answer by this much at most. */
    static final Duration PLUGIN_DEADLINE = Duration.ofSeconds(3);

    private final MetaAlertStore store;
    private final Map<String, List<FlowId>> flowsByMetaId;
    private final Map<FlowId, String> metaIdByFlow;
    private final FlowPluginCatalog plugins;
    private final PluginCalls pluginCalls;
    private final MetaAlertObserver observer;
    private final Clock clock;
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** @param metaFlowIds flowgate.flows.&lt;flowId&gt;.meta-flow-id: our flow id to Meta's */
    public MetaAlertService(MetaAlertStore store, Map<FlowId, String> metaFlowIds, FlowPluginCatalog plugins,
                            PluginCalls pluginCalls, MetaAlertObserver observer, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.metaIdByFlow = Map.copyOf(metaFlowIds);
        var byMetaId = new TreeMap<String, List<FlowId>>();
        metaIdByFlow.forEach((flow, metaId) -> byMetaId.computeIfAbsent(metaId, id -> new ArrayList<>()).add(flow));
        this.flowsByMetaId = Map.copyOf(byMetaId);
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.pluginCalls = Objects.requireNonNull(pluginCalls, "pluginCalls");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Handles the {@code value} of one {@code flows} change of a webhook delivery. Never throws: a failing store
     * or plugin is logged, since the delivery's completion messages must still be answered for.
     *
     * @param entryTime the delivery entry's {@code time} (epoch seconds), when it has one
     */
    public ReceivedMetaAlert receive(Map<String, Object> value, Optional<Instant> entryTime) {
        // Milliseconds, as every store keeps them.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ReceivedMetaAlert alert = parse(value, entryTime.orElse(now), now);
        count(alert);
        Level level = alert.needsAttention() ? Level.WARNING : Level.INFO;
        // Meta's sentence stays in the store and the health answer: the line names what to grep for.
        LOG.log(level, "Meta alert for Meta flow {0}{1}: {2} {3}", LogSafe.text(alert.metaFlowId()),
                mappedFlows(alert.metaFlowId()).isEmpty() ? " (mapped to no flow: set flowgate.flows.<flowId>.meta-flow-id)"
                        : " (flow " + mappedFlows(alert.metaFlowId()).stream().map(FlowId::value).toList() + ")",
                LogSafe.text(alert.event().isEmpty() ? "(no event)" : alert.event()), LogSafe.text(alert.state()));
        try {
            store.record(alert);
        } catch (RuntimeException e) {
            // Meta stops delivering to a webhook that keeps failing; losing one alert is the smaller harm.
            LOG.log(Level.ERROR, "a Meta alert could not be stored (" + e.getClass().getSimpleName() + "): " + e.getMessage());
        }
        try {
            observer.alertReceived(alert);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the Meta alert observer failed: " + e.getClass().getName());
        }
        for (FlowId flow : mappedFlows(alert.metaFlowId())) {
            notifyPlugin(flow, alert);
        }
        return alert;
    }

    static ReceivedMetaAlert parse(Map<String, Object> value, Instant occurredAt, Instant receivedAt) {
        return new ReceivedMetaAlert(UUID.randomUUID().toString(), text(value.get("flow_id")),
                text(value.get("event")), text(value.get("alert_state")), text(value.get("new_status")),
                text(value.get("message")), occurredAt, receivedAt, value);
    }

    /** Strings as they are, numbers (Meta sends some ids as numbers) in their plain form, anything else empty. */
    private static String text(Object value) {
        return switch (value) {
            case String s -> s.strip();
            case Long l -> Long.toString(l);
            case Integer i -> Integer.toString(i);
            case java.math.BigInteger b -> b.toString();
            case null, default -> "";
        };
    }

    private void count(ReceivedMetaAlert alert) {
        String event = KNOWN_EVENTS.contains(alert.event()) ? alert.event() : "UNKNOWN";
        String state = KNOWN_STATES.contains(alert.state()) ? alert.state() : alert.state().isEmpty() ? "" : "OTHER";
        counts.computeIfAbsent(state.isEmpty() ? event : event + " " + state, key -> new LongAdder()).increment();
    }

    /** Events received by this instance since it started, by event (UNKNOWN for others) and state. */
    public Map<String, Long> counts() {
        var snapshot = new TreeMap<String, Long>();
        counts.forEach((key, adder) -> snapshot.put(key, adder.sum()));
        return snapshot;
    }

    private List<FlowId> mappedFlows(String metaFlowId) {
        return flowsByMetaId.getOrDefault(metaFlowId, List.of());
    }

    private void notifyPlugin(FlowId flow, ReceivedMetaAlert alert) {
        Optional<FlowPlugin> plugin = plugins.find(flow);
        if (plugin.isEmpty()) {
            return;
        }
        MetaAlert shown = MetaAlert.builder().metaFlowId(alert.metaFlowId()).event(alert.event())
                .alertState(alert.alertState()).newStatus(alert.newStatus()).message(alert.message())
                .occurredAt(alert.occurredAt()).values(alert.values()).build();
        try {
            pluginCalls.call(flow, "a Meta alert", Deadline.in(PLUGIN_DEADLINE), () -> {
                plugin.get().onMetaAlert(shown);
                return Boolean.TRUE;
            });
        } catch (PluginFailureException | PluginSaturatedException e) {
            LOG.log(Level.ERROR, e.getMessage(), e.getCause());
        }
    }

    /** Meta's flow id for the flow, when it is mapped. */
    public Optional<String> metaFlowId(FlowId flow) {
        return Optional.ofNullable(metaIdByFlow.get(flow));
    }

    /** The latest event of each kind for the flow's Meta flow id; empty when the flow is not mapped. */
    public List<ReceivedMetaAlert> latest(FlowId flow) {
        return metaFlowId(flow).map(store::latest).orElse(List.of());
    }

    /** The flow's most recent events, newest first. */
    public List<ReceivedMetaAlert> recent(FlowId flow, int limit) {
        return metaFlowId(flow).map(id -> store.history(id, limit)).orElse(List.of());
    }
}
