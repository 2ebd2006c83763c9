package io.flowgate.storage.memory;

import io.flowgate.core.domain.ReceivedMetaAlert;
import io.flowgate.core.port.out.MetaAlertStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Meta's flow alerts in the heap, with the database adapters' semantics (the contract tests check it). */
final class MemoryMetaAlerts implements MetaAlertStore {

    /** Newest first: by the time Meta gives, then by when it arrived, then by id (as the database adapters). */
    static final Comparator<ReceivedMetaAlert> NEWEST_FIRST = Comparator.comparing(ReceivedMetaAlert::occurredAt)
            .thenComparing(ReceivedMetaAlert::receivedAt).thenComparing(ReceivedMetaAlert::id).reversed();

    private final Map<String, List<ReceivedMetaAlert>> history = new HashMap<>();
    private final Map<String, Map<String, ReceivedMetaAlert>> latest = new HashMap<>();

    @Override
    public synchronized void record(ReceivedMetaAlert alert) {
        List<ReceivedMetaAlert> events = history.computeIfAbsent(alert.metaFlowId(), id -> new ArrayList<>());
        events.add(alert);
        events.sort(NEWEST_FIRST);
        if (events.size() > HISTORY_LIMIT) {
            events.subList(HISTORY_LIMIT, events.size()).clear();
        }
        latest.computeIfAbsent(alert.metaFlowId(), id -> new TreeMap<>()).merge(alert.event(), alert,
                (stored, arriving) -> arriving.occurredAt().isBefore(stored.occurredAt()) ? stored : arriving);
    }

    @Override
    public synchronized List<ReceivedMetaAlert> latest(String metaFlowId) {
        return List.copyOf(latest.getOrDefault(metaFlowId, Map.of()).values());
    }

    @Override
    public synchronized List<ReceivedMetaAlert> history(String metaFlowId, int limit) {
        return history.getOrDefault(metaFlowId, List.of()).stream().limit(limit).toList();
    }
}
