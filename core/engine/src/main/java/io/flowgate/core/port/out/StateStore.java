package io.flowgate.core.port.out;

/** What a storage adapter provides: sessions, the webhook inbox and Meta's flow alerts, in one database. */
public interface StateStore extends SessionStore, WebhookInbox, MetaAlertStore, AutoCloseable {

    /** A short description for the startup log, never with a password. */
    String describe();

    @Override
    void close();
}
