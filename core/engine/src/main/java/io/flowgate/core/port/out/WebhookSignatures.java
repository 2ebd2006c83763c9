package io.flowgate.core.port.out;

/** Checks Meta's {@code X-Hub-Signature-256} header against the raw body. */
public interface WebhookSignatures {

    /** Whether any secret is configured; without one nothing can be checked. */
    boolean enabled();

    /** Whether {@code header} is {@code sha256=<hex HMAC-SHA256 of body>} under a configured app secret. */
    boolean verify(byte[] body, String header);
}
