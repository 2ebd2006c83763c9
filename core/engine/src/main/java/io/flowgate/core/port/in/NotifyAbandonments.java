package io.flowgate.core.port.in;

/** Finds sessions their users abandoned and tells their plugins, one claim at a time, across instances. */
public interface NotifyAbandonments extends AutoCloseable {

    /** Claims what is due now and starts the plugins' calls; returns how many were claimed. */
    int notifyAbandoned();

    /** Stops claiming; calls running are given a short grace, then interrupted (their claims lapse and retry). */
    @Override
    void close();
}
