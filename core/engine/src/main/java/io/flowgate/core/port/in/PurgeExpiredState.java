package io.flowgate.core.port.in;

/** Deletes dead sessions and old webhook events past their retention; called on a schedule. */
public interface PurgeExpiredState {

    /** Returns how many sessions and events were deleted. */
    int purge();
}
