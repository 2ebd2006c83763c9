package io.flowgate.spi;

import java.util.Optional;

/**
 * The business logic of one WhatsApp Flow, found by {@link java.util.ServiceLoader} in a plugin jar.
 *
 * <p>A plugin jar names its implementation in {@code META-INF/services/io.flowgate.spi.FlowPlugin}. The
 * host creates one instance, calls {@link #handle} for every {@code INIT}, {@code BACK} and
 * {@code data_exchange} request of the flow whose id is {@link #flowId()}, possibly from many threads at
 * once, and calls {@link #close()} on shutdown.
 *
 * <p>Health checks ({@code ping}) and error notifications are answered by the host; a plugin never sees
 * encrypted bytes or keys. New methods are only ever added here with a default, so a plugin built against
 * an older API keeps working.
 */
public interface FlowPlugin extends AutoCloseable {

    /**
     * The id under which the host serves this flow: requests to {@code POST /flows/{flowId}} reach this
     * plugin. Letters, digits, {@code -} and {@code _}, at most 64 characters; unique among the loaded
     * plugins.
     */
    String flowId();

    /**
     * Decides the next screen for a request, or completes the flow.
     *
     * <p>Throwing is allowed: the host logs the failure with the flow id and answers the request with a
     * generic error, and the plugin keeps serving later requests.
     */
    FlowResponse handle(FlowRequest request) throws Exception;

    /**
     * Called after WhatsApp reported that the client rejected one of this flow's responses (for example a
     * screen the routing model does not allow, or data that does not match the screen's data model). The
     * host has already acknowledged the notification; this is for logging or metrics.
     */
    default void onErrorNotification(ErrorNotification notification) {
    }

    /**
     * Called once for each completion message of this flow that reaches the webhook, after the session is
     * closed. Throwing, or not returning within the host's delivery timeout (then the call is interrupted),
     * makes the host try again later with the same {@link FlowCompletion#messageId()}, after a growing pause;
     * after the last attempt the completion is kept as failed until an operator retries it. So make what you
     * do here idempotent per message id. The exception's class and message are stored and shown to operators:
     * keep the user's answers and phone number out of them.
     */
    default void onCompletion(FlowCompletion completion) throws Exception {
    }

    /**
     * Called once for each abandoned session of this flow (not completed, no step for the host's
     * {@code flowgate.sessions.abandon-after}), by whichever instance claims it first, for example to send the
     * user a reminder. At least once, like {@link #onCompletion}: throwing, or not returning within the host's
     * timeout, makes the host call again later with the same {@link FlowAbandonment#abandonedAt()}, after a
     * growing pause; after the last attempt the call is kept as failed. A user who comes back and leaves again
     * is a new abandonment. Keep the user's values and phone number out of exception messages: they are stored.
     */
    default void onAbandoned(FlowAbandonment abandonment) throws Exception {
    }

    /**
     * Called for each event of Meta's {@code flows} webhook about this flow, when the server maps the flow to its
     * Meta flow id ({@code flowgate.flows.<flowId>.meta-flow-id}): endpoint alerts, and status changes such as
     * THROTTLED or BLOCKED. The event is already stored and shown in the flow's health; this is for paging
     * someone or pausing campaigns. Called before the webhook is answered, within a few seconds: hand slow work
     * to a thread of your own.
     */
    default void onMetaAlert(MetaAlert alert) {
    }

    /**
     * The plugin's per-screen handlers, when it is written with a {@link FlowRouter} (see
     * {@link RoutedFlowPlugin}): the host checks them against the Flow JSON at load. Empty for a plugin that
     * answers every step in {@link #handle}.
     */
    default Optional<FlowRouter> router() {
        return Optional.empty();
    }

    /** Releases what the plugin holds; called once when the server stops. */
    @Override
    default void close() throws Exception {
    }
}
