package io.flowgate.core.port.in;

/**
 * Every call slot of the flow's plugin is taken (flowgate.plugins.max-concurrent-calls), typically by calls
 * that hang: the request is refused at once with 503 so that the stuck plugin cannot take threads and memory
 * from the other flows.
 */
public final class PluginSaturatedException extends Exception {
    public PluginSaturatedException(String message) {
        super(message);
    }
}
