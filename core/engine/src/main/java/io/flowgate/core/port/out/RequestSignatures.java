package io.flowgate.core.port.out;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Meta's signatures, made with the app secret of the app linked to the flow: {@code X-Hub-Signature-256} on
 * data-endpoint requests and webhooks, and the HS256 {@code flow_token_signature} JWT of data API 4.0.
 * Several secrets may be configured during a rotation, newest first.
 */
public interface RequestSignatures {

    /** Whether any secret is configured; without one nothing can be checked. */
    boolean enabled();

    /**
     * The index (0 = newest) of the secret under which {@code header} is {@code sha256=<hex HMAC-SHA256 of
     * body>}; empty when the header is absent, malformed or matches no secret.
     */
    OptionalInt matchingSecret(byte[] body, String header);

    default boolean verify(byte[] body, String header) {
        return matchingSecret(body, header).isPresent();
    }

    /** The payload (JSON bytes) of an HS256 JWT signed with a configured secret; empty when it is not one. */
    Optional<byte[]> verifiedJwtPayload(String jwt);
}
