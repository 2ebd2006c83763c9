package io.flowgate.core.domain;

import java.util.Objects;

/**
 * The answer to a data-endpoint request.
 *
 * @param status the outcome
 * @param body   for {@link EndpointStatus#OK} and {@link EndpointStatus#TOKEN_REJECTED} the base64 encrypted
 *               response, sent verbatim as text; otherwise a short explanation for the person reading the
 *               HTTP exchange (never a secret)
 */
public record EndpointReply(EndpointStatus status, String body) {
    public EndpointReply {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(body, "body");
    }

    public static EndpointReply encrypted(EndpointStatus status, String base64Body) {
        return new EndpointReply(status, base64Body);
    }

    public static EndpointReply failure(EndpointStatus status, String explanation) {
        if (status == EndpointStatus.OK) {
            throw new IllegalArgumentException("a failure needs a failure status");
        }
        return new EndpointReply(status, explanation);
    }
}
