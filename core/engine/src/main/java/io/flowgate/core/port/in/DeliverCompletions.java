package io.flowgate.core.port.in;

/** Hands stored completion messages to their plugins; called on a schedule and after each webhook delivery. */
public interface DeliverCompletions {

    /** Delivers what is pending now; returns how many events were handled. */
    int deliverPending();
}
