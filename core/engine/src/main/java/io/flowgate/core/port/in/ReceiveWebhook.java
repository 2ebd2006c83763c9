package io.flowgate.core.port.in;

/** {@code POST /webhook}: store the completion messages of a delivery before answering it. */
public interface ReceiveWebhook {

    enum Outcome {
        /** Stored (or recognised as a retry); answer 200. */
        ACCEPTED,
        /** The signature is missing or wrong; answer 403. */
        FORBIDDEN,
        /** The body is not JSON; answer 400. */
        MALFORMED
    }

    Outcome receive(byte[] rawBody, String signatureHeader);

    /** {@code GET /webhook}: the challenge to echo when the verify token matches, else empty. */
    java.util.Optional<String> verifySubscription(String mode, String verifyToken, String challenge);
}
