package io.flowgate.core.port.in;

/** The flow's plugin threw, failed to link, or answered something the host cannot send. */
public final class PluginFailureException extends Exception {
    public PluginFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
