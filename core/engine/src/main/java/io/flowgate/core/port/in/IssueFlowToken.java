package io.flowgate.core.port.in;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The admin use cases around flow tokens. */
public interface IssueFlowToken {

    /** A token and when it dies. */
    record IssuedToken(String flowToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[expiresAt=" + expiresAt + "]";
        }
    }

    /** The request to issue a token is wrong in a way the caller can fix; the message says how. */
    final class InvalidTokenRequestException extends Exception {
        public InvalidTokenRequestException(String message) {
            super(message);
        }
    }

    /**
     * Issues a token for {@code waId} to run flow {@code flowId}.
     *
     * @param ttl     how long the token lives; empty: the configured default
     * @param context values for the plugin to read from the session (plain JSON values)
     */
    IssuedToken issue(String flowId, String waId, Optional<Duration> ttl, Map<String, Object> context)
            throws UnknownFlowException, InvalidTokenRequestException;

    /**
     * Records the id of the flow message that carries the token, so a completion that arrives without its
     * token (some iOS clients) still finds its session. Returns false when the token is unknown for the flow.
     */
    boolean attachMessageId(String flowId, String flowToken, String messageId) throws InvalidTokenRequestException;
}
