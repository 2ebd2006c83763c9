package io.flowgate.core.port.out;

import io.flowgate.core.domain.ReceivedMetaAlert;

/**
 * Told about each Meta alert once it is stored, for metrics: the composition root connects it to the metrics
 * port (metaAlertReceived(event, alertState), metaFlowState(metaFlowId, state)). Must not block.
 */
@FunctionalInterface
public interface MetaAlertObserver {

    MetaAlertObserver NONE = alert -> { };

    void alertReceived(ReceivedMetaAlert alert);
}
