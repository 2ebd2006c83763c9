package io.flowgate.core.service;

import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.ReceivedMetaAlert;
import io.flowgate.core.port.out.MetaAlertStore;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;
import io.flowgate.spi.MetaAlert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the event, the store or the plugin does, receiving an alert never throws and loses nothing it can keep. */
class MetaAlertServiceTest {

    private static final FlowId FLOW = new FlowId("appointment");
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00.123456Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final PluginCalls calls = new PluginCalls(2);
    private final List<ReceivedMetaAlert> observed = new ArrayList<>();
    private final List<MetaAlert> seenByPlugin = new ArrayList<>();

    @AfterEach
    void close() {
        calls.close();
    }

    /** The alerts stored, in order; {@code failing} throws as a store whose database is down. */
    private static final class ListStore implements MetaAlertStore {
        final List<ReceivedMetaAlert> stored = new ArrayList<>();
        final boolean failing;

        ListStore(boolean failing) {
            this.failing = failing;
        }

        @Override
        public void record(ReceivedMetaAlert alert) {
            if (failing) {
                throw new IllegalStateException("storage (test) failed storing a Meta alert: connection refused");
            }
            stored.add(alert);
        }

        @Override
        public List<ReceivedMetaAlert> latest(String metaFlowId) {
            return stored.stream().filter(a -> a.metaFlowId().equals(metaFlowId)).toList();
        }

        @Override
        public List<ReceivedMetaAlert> history(String metaFlowId, int limit) {
            return latest(metaFlowId).reversed().stream().limit(limit).toList();
        }
    }

    private final class ObservingPlugin implements FlowPlugin {
        private final boolean throwing;

        ObservingPlugin(boolean throwing) {
            this.throwing = throwing;
        }

        @Override
        public String flowId() {
            return FLOW.value();
        }

        @Override
        public FlowResponse handle(FlowRequest request) {
            return FlowResponse.screen("ONE", Map.of());
        }

        @Override
        public void onMetaAlert(MetaAlert alert) {
            synchronized (seenByPlugin) {
                seenByPlugin.add(alert);
            }
            if (throwing) {
                throw new IllegalStateException("the pager is down");
            }
        }
    }

    private MetaAlertService service(MetaAlertStore store, FlowPlugin plugin) {
        return new MetaAlertService(store, Map.of(FLOW, "1187"), flow -> Optional.of(plugin), calls, observed::add, clock);
    }

    @Test
    void readsMetasValuesTolerantlyKeepsUnknownEventsAndCountsThemApart() {
        var store = new ListStore(false);
        var service = service(store, new ObservingPlugin(false));

        var alert = service.receive(Map.of("event", "ENDPOINT_LATENCY", "flow_id", 1187L, "alert_state", "ACTIVATED",
                "p90_latency", 7400L), Optional.of(Instant.ofEpochSecond(1764661200)));
        service.receive(Map.of("event", "NEW_KIND_OF_EVENT", "flow_id", "1187", "whatever", List.of(1L)), Optional.empty());
        service.receive(Map.of("unexpected", true), Optional.empty());

        assertThat(alert.metaFlowId()).as("Meta's number, as text").isEqualTo("1187");
        assertThat(alert.occurredAt()).isEqualTo(Instant.ofEpochSecond(1764661200));
        assertThat(alert.receivedAt()).as("milliseconds, as stores keep them").isEqualTo(Instant.parse("2026-12-02T08:00:00.123Z"));
        assertThat(store.stored).extracting(ReceivedMetaAlert::event).containsExactly("ENDPOINT_LATENCY", "NEW_KIND_OF_EVENT", "");
        assertThat(store.stored.get(1).values()).containsEntry("whatever", List.of(1L));
        assertThat(store.stored.get(2).metaFlowId()).isEmpty();
        assertThat(service.counts()).isEqualTo(Map.of("ENDPOINT_LATENCY ACTIVATED", 1L, "UNKNOWN", 2L));
        assertThat(seenByPlugin).extracting(MetaAlert::event).containsExactly("ENDPOINT_LATENCY", "NEW_KIND_OF_EVENT");
        assertThat(seenByPlugin.getFirst().values()).containsEntry("p90_latency", 7400L);
        assertThat(service.latest(FLOW)).hasSize(2);
        assertThat(service.latest(new FlowId("unmapped"))).isEmpty();
    }

    @Test
    void aFailingStoreOrPluginIsLoggedAndTheAlertStillReachesTheOthers() {
        try (var log = CapturedLog.of(MetaAlertService.class)) {
            var service = service(new ListStore(true), new ObservingPlugin(true));

            service.receive(Map.of("event", "FLOW_STATUS_CHANGE", "flow_id", "1187", "old_status", "THROTTLED",
                    "new_status", "BLOCKED", "message", "Flow blocked"), Optional.empty());

            assertThat(observed).extracting(ReceivedMetaAlert::state).containsExactly("BLOCKED");
            assertThat(seenByPlugin).extracting(MetaAlert::newStatus).containsExactly("BLOCKED");
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARNING Meta alert for Meta flow 1187"
                    + " (flow [appointment]): FLOW_STATUS_CHANGE BLOCKED"))
                    .anySatisfy(line -> assertThat(line).startsWith("ERROR a Meta alert could not be stored")
                            .contains("connection refused"))
                    .anySatisfy(line -> assertThat(line).startsWith("ERROR flow appointment: the plugin failed on a Meta alert"));
        }
    }

    @Test
    void deactivatedAlertsAreLoggedAtInfo() {
        try (var log = CapturedLog.of(MetaAlertService.class)) {
            service(new ListStore(false), new ObservingPlugin(false)).receive(Map.of("event", "ENDPOINT_ERROR_RATE",
                    "flow_id", "1187", "alert_state", "DEACTIVATED"), Optional.empty());

            assertThat(log.lines()).singleElement().asString().startsWith("INFO Meta alert for Meta flow 1187");
        }
    }
}
