package io.flowgate.core.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How flow tokens are checked.
 *
 * @param mode                 strict: only tokens Flowgate issued; open: any token, with a session created
 *                             on first sight (for teams that mint tokens elsewhere)
 * @param defaultTtl           lifetime of an issued token when the request names none
 * @param maxTtl               the longest lifetime a token may be issued for
 * @param openModeTtl          lifetime of a session created on first sight in open mode
 * @param deadTokenMessage     what the user reads when a token is dead (the 427 {@code error_msg})
 * @param deadTokenMessageByFlow per-flow replacements of {@code deadTokenMessage}
 */
public record TokenPolicy(Mode mode, Duration defaultTtl, Duration maxTtl, Duration openModeTtl,
                          String deadTokenMessage, Map<String, String> deadTokenMessageByFlow) {

    public enum Mode { STRICT, OPEN }

    public TokenPolicy {
        Objects.requireNonNull(mode, "mode");
        if (defaultTtl.isNegative() || defaultTtl.isZero() || maxTtl.compareTo(defaultTtl) < 0) {
            throw new IllegalArgumentException("token lifetimes must be positive, with the default at most the maximum");
        }
        deadTokenMessageByFlow = Map.copyOf(deadTokenMessageByFlow);
    }

    public String deadTokenMessage(FlowId flowId) {
        return deadTokenMessageByFlow.getOrDefault(flowId.value(), deadTokenMessage);
    }
}
