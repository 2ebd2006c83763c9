package io.flowgate.core.port.out;

import io.flowgate.core.domain.ReceivedMetaAlert;

import java.util.List;

/**
 * Meta's flow alerts, in the store every instance shares: Meta delivers each event to one instance, and every
 * instance shows it. Per Meta flow id, the latest event of each kind (its current state) and a bounded history.
 */
public interface MetaAlertStore {

    /** Events kept per Meta flow id; older ones are deleted as new ones arrive. */
    int HISTORY_LIMIT = 50;

    /**
     * Stores the event in the history (dropping the oldest beyond {@link #HISTORY_LIMIT}) and as the latest of its
     * kind for its Meta flow id, unless a later one of that kind (by {@code occurredAt}) is stored already.
     */
    void record(ReceivedMetaAlert alert);

    /** The latest event of each kind for the Meta flow id, ordered by event name. */
    List<ReceivedMetaAlert> latest(String metaFlowId);

    /** The Meta flow id's events, newest first (by {@code occurredAt}, then received), at most {@code limit}. */
    List<ReceivedMetaAlert> history(String metaFlowId, int limit);
}
