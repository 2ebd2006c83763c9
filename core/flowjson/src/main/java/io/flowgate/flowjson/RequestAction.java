package io.flowgate.flowjson;

/**
 * Why the client called the endpoint, as far as the answer rules care. The constants have the names of
 * {@code io.flowgate.spi.FlowAction}, so the server maps one to the other with {@code valueOf(action.name())}
 * (this module depends on nothing, not even the plugin API).
 */
public enum RequestAction {
    /** The flow was opened; the answer must be an entry screen. */
    INIT,
    /** Back was pressed on a screen with {@code refresh_on_back}; the request's screen is the one being left. */
    BACK,
    /** A screen was submitted or a component's {@code on-select-action} fired. */
    DATA_EXCHANGE
}
