package io.flowgate.core.domain;

import io.flowgate.spi.ErrorNotification;
import io.flowgate.spi.FlowRequest;

/** What a decrypted request asks for: the host answers the first two itself, the third goes to the plugin. */
public sealed interface DecryptedMessage {

    /** Meta's periodic health check ({@code action: ping}); it carries no flow token and no screen. */
    record HealthCheck() implements DecryptedMessage {
    }

    /** The client rejected one of our responses; it must be acknowledged, never routed to a screen. */
    record ErrorReport(ErrorNotification notification) implements DecryptedMessage {
    }

    /** INIT, BACK or data_exchange: the plugin decides the next screen. */
    record Step(FlowRequest request) implements DecryptedMessage {
    }
}
