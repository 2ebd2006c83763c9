package io.flowgate.core.port.in;

/** No loaded plugin serves the requested flow id. */
public final class UnknownFlowException extends Exception {
    public UnknownFlowException(String flowId) {
        super("no plugin serves flow \"" + flowId + "\"");
    }
}
