package io.flowgate.storage.contract;

import io.flowgate.core.domain.ReceivedMetaAlert;
import io.flowgate.core.port.out.MetaAlertStore;
import io.flowgate.core.port.out.StateStore;
import io.flowgate.core.port.out.StorageAdapter;
import io.flowgate.storage.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** Meta's flow alerts, the same in every storage adapter: latest per event, and a bounded history, newest first. */
class MetaAlertStoreContractTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final String META_FLOW = "1234567890123456";

    @TempDir
    Path dataDir;
    private StateStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private StateStore open(String type) throws Exception {
        Map<String, String> settings = Map.of();
        if (type.equals("postgres")) {
            TestPostgres.assumeAvailable();
            settings = TestPostgres.freshSchemaSettings();
        }
        StorageAdapter adapter = ServiceLoader.load(StorageAdapter.class).stream().map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.type().equals(type)).findFirst().orElseThrow();
        store = adapter.open(settings, dataDir);
        return store;
    }

    private static ReceivedMetaAlert alert(String id, String metaFlowId, String event, String alertState,
                                           String newStatus, Instant occurredAt) {
        return new ReceivedMetaAlert(id, metaFlowId, event, alertState, newStatus, "Meta says " + id, occurredAt,
                occurredAt.plusMillis(250), Map.of("event", event, "error_rate", 12L, "errors",
                List.of(Map.of("error_type", "TIMEOUT", "error_count", 3L))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void storesEveryValueAndKeepsTheLatestEventOfEachKindAsTheFlowsState(String type) throws Exception {
        var store = open(type);
        var activated = alert("a1", META_FLOW, "ENDPOINT_ERROR_RATE", "ACTIVATED", "", NOW);
        store.record(activated);
        store.record(alert("s1", META_FLOW, "FLOW_STATUS_CHANGE", "", "THROTTLED", NOW.plusSeconds(60)));
        store.record(alert("a2", META_FLOW, "ENDPOINT_ERROR_RATE", "DEACTIVATED", "", NOW.plusSeconds(120)));
        store.record(alert("other", "999", "ENDPOINT_LATENCY", "ACTIVATED", "", NOW));

        List<ReceivedMetaAlert> latest = store.latest(META_FLOW);
        assertThat(latest).extracting(ReceivedMetaAlert::id).containsExactly("a2", "s1");
        assertThat(latest).extracting(ReceivedMetaAlert::state).containsExactly("DEACTIVATED", "THROTTLED");
        assertThat(store.history(META_FLOW, 10)).extracting(ReceivedMetaAlert::id).containsExactly("a2", "s1", "a1");
        assertThat(store.history(META_FLOW, 10).getLast()).as("every value, exactly").isEqualTo(activated);
        assertThat(store.latest("999")).extracting(ReceivedMetaAlert::id).containsExactly("other");
        assertThat(store.latest("unknown")).isEmpty();
        assertThat(store.history("unknown", 10)).isEmpty();
    }

    /** Meta does not promise the order of deliveries: an older event arriving late does not replace the state. */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void anOlderEventArrivingLateGoesToTheHistoryButDoesNotReplaceTheState(String type) throws Exception {
        var store = open(type);
        store.record(alert("blocked", META_FLOW, "FLOW_STATUS_CHANGE", "", "BLOCKED", NOW.plusSeconds(300)));
        store.record(alert("late", META_FLOW, "FLOW_STATUS_CHANGE", "", "THROTTLED", NOW));

        assertThat(store.latest(META_FLOW)).extracting(ReceivedMetaAlert::newStatus).containsExactly("BLOCKED");
        assertThat(store.history(META_FLOW, 10)).extracting(ReceivedMetaAlert::id).containsExactly("blocked", "late");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "embedded", "postgres"})
    void theHistoryKeepsTheNewestFiftyPerMetaFlow(String type) throws Exception {
        var store = open(type);
        int total = MetaAlertStore.HISTORY_LIMIT + 7;
        for (int i = 0; i < total; i++) {
            store.record(alert("e" + i, META_FLOW, "ENDPOINT_LATENCY", i % 2 == 0 ? "ACTIVATED" : "DEACTIVATED", "",
                    NOW.plusSeconds(i)));
        }
        store.record(alert("elsewhere", "999", "ENDPOINT_LATENCY", "ACTIVATED", "", NOW));

        List<ReceivedMetaAlert> kept = store.history(META_FLOW, 1000);
        assertThat(kept).hasSize(MetaAlertStore.HISTORY_LIMIT);
        assertThat(kept.getFirst().id()).isEqualTo("e" + (total - 1));
        assertThat(kept.getLast().id()).isEqualTo("e" + (total - MetaAlertStore.HISTORY_LIMIT));
        assertThat(store.history(META_FLOW, 3)).extracting(ReceivedMetaAlert::id)
                .containsExactly("e" + (total - 1), "e" + (total - 2), "e" + (total - 3));
        assertThat(store.history("999", 10)).hasSize(1);
    }
}
