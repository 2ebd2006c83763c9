package io.flowgate.core.port.out;

/** What a storage adapter provides: sessions and the webhook inbox, in one database. */
public interface StateStore extends SessionStore, WebhookInbox, AutoCloseable {

    /** A short description for the startup log, never with a password. */
    String describe();

    @Override
    void close();
}
