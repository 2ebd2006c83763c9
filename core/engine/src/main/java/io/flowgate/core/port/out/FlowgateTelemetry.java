package io.flowgate.core.port.out;

import java.util.Collection;

/**
 * What the request path and the background jobs tell the metrics (observability issue). Every method is cheap
 * and never throws; every label it takes is bounded: flow ids of served flows, the enums below, Flow JSON
 * finding codes, never a flow token, a phone number or a value from a user.
 */
public interface FlowgateTelemetry {

    /** Records nothing: for tests and tools that run services without a metrics registry. */
    FlowgateTelemetry NONE = new FlowgateTelemetry() {
    };

    /** The flow label of requests whose path names no served flow, so that random paths add no series. */
    String UNKNOWN_FLOW = "(unknown)";

    /** The kind of request, as {@code flowgate_requests_total}'s {@code action} label names it. */
    enum RequestAction {
        PING("ping"), INIT("INIT"), BACK("BACK"), DATA_EXCHANGE("data_exchange"),
        ERROR_NOTIFICATION("error_notification"), UNKNOWN("unknown");

        private final String label;

        RequestAction(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Which signature a 432 answer refused. */
    enum SignatureKind {
        HUB_SIGNATURE("hub_signature"), FLOW_TOKEN_SIGNATURE("flow_token_signature");

        private final String label;

        SignatureKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How a call into a plugin failed. */
    enum PluginFailure {
        /** The plugin threw, returned nothing or failed to link. */
        FAILURE("failure"),
        /** The plugin was still running at the request's deadline. */
        TIMEOUT("timeout"),
        /** Every call slot of the plugin was held by calls that had not returned. */
        SATURATED("saturated");

        private final String label;

        PluginFailure(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What happened to a completion message in the webhook inbox. */
    enum WebhookEvent {
        RECEIVED("received"), DUPLICATE("duplicate"), DELIVERED("delivered"), FAILED("failed"),
        DEAD_LETTERED("dead_lettered");

        private final String label;

        WebhookEvent(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One data-endpoint request was answered.
     *
     * @param flow       a served flow's id, or {@link #UNKNOWN_FLOW}
     * @param httpStatus the status WhatsApp got
     * @param timedOut   the answer came after the request's deadline or Meta's 10 s
     */
    default void requestAnswered(String flow, RequestAction action, int httpStatus, long latencyNanos,
                                 boolean timedOut) {
    }

    /** A step was answered 427; {@code reason} is one of {@code TokenRejectedException.Reason}'s labels. */
    default void tokenRejected(String flow, String reason) {
    }

    /** A request was answered 432. */
    default void signatureRejected(String flow, SignatureKind kind) {
    }

    /** A call into the flow's plugin failed. */
    default void pluginFailed(String flow, PluginFailure failure) {
    }

    /** An answer of the flow broke its Flow JSON, with these finding codes (one per finding). */
    default void answerBrokeFlowJson(String flow, Collection<String> codes) {
    }

    /** A request was refused because every place in the decryption queue was taken. */
    default void decryptionRejected() {
    }

    /** A completion message went through one step of the inbox. */
    default void webhook(WebhookEvent event) {
    }

    /**
     * An uploaded file's download ended.
     *
     * @param outcome {@code ok} or the failure's reason (a bounded set of names)
     * @param bytes   the bytes downloaded, also of a failed download
     */
    default void mediaDownloaded(String outcome, long bytes) {
    }
}
