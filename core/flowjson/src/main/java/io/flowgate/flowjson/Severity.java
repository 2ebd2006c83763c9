package io.flowgate.flowjson;

/** How much a finding matters. */
public enum Severity {
    /** The WhatsApp client (or Meta, at upload) rejects this; the answer or the flow cannot work as it is. */
    ERROR,
    /** Allowed, but almost always a mistake (a typo, dead data, a rule Meta enforces at publish time). */
    WARNING,
    /** Worth knowing, harmless (for example keys a same-screen refresh leaves to the client's stored data). */
    INFO
}
