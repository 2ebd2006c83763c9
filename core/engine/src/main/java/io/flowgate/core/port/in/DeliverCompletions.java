package io.flowgate.core.port.in;

/**
 * Hands stored completion messages to their plugins; called on a schedule and after each webhook delivery.
 * Deliveries run in the background, a bounded number at a time.
 */
public interface DeliverCompletions extends AutoCloseable {

    /**
     * Claims as many due messages as there are free delivery slots and starts delivering them; returns at once
     * with how many were started (0 when every slot is taken or nothing is due).
     */
    int deliverPending();

    /** Stops claiming, lets running deliveries finish for a short while, then interrupts them. */
    @Override
    void close();
}
