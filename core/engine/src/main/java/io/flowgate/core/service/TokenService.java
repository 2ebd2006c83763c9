package io.flowgate.core.service;

import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.FlowTokens;
import io.flowgate.core.domain.NullValues;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.core.port.in.IssueFlowToken;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.SessionStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Issues flow tokens bound to a flow and a WhatsApp user, with a lifetime. */
public final class TokenService implements IssueFlowToken {

    /** WhatsApp ids are phone numbers in international form, digits only (a leading + is tolerated). */
    private static final Pattern WA_ID = Pattern.compile("\\+?[0-9]{5,20}");
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:=+/-]{1,256}");

    private final FlowPluginCatalog plugins;
    private final SessionStore sessions;
    private final TokenPolicy policy;
    private final Clock clock;

    public TokenService(FlowPluginCatalog plugins, SessionStore sessions, TokenPolicy policy, Clock clock) {
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public IssuedToken issue(String flowIdText, String waId, Optional<Duration> ttl, Map<String, Object> context)
            throws UnknownFlowException, InvalidTokenRequestException {
        FlowId flowId = knownFlow(flowIdText);
        if (waId == null || !WA_ID.matcher(waId).matches()) {
            throw new InvalidTokenRequestException("\"wa_id\" must be the user's WhatsApp id: 5 to 20 digits");
        }
        // The business wrote this context itself: a null is a mistake to point at, not a value to drop.
        Optional<String> nullAt = NullValues.firstNullPath(context, "context");
        if (nullAt.isPresent()) {
            throw new InvalidTokenRequestException(nullAt.get() + " is null: omit the field instead");
        }
        Duration lifetime = ttl.orElse(policy.defaultTtl());
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(policy.maxTtl()) > 0) {
            throw new InvalidTokenRequestException("\"ttl\" must be positive and at most " + policy.maxTtl());
        }
        Instant now = clock.instant();
        while (true) {
            var session = new SessionRecord(FlowTokens.newToken(), flowId, waId.startsWith("+") ? waId.substring(1) : waId,
                    context, Map.of(), 0, now, now.plus(lifetime), Optional.empty(), "");
            if (sessions.insert(session)) {
                return new IssuedToken(session.token(), session.expiresAt());
            }
            // 192 random bits collided: practically never, but a retry costs nothing.
        }
    }

    @Override
    public boolean attachMessageId(String flowIdText, String flowToken, String messageId) throws InvalidTokenRequestException {
        if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
            throw new InvalidTokenRequestException("\"message_id\" must be the wamid WhatsApp returned for the flow message");
        }
        if (!FlowId.isValid(flowIdText)) {
            return false;
        }
        var session = sessions.find(flowToken);
        if (session.isEmpty() || !session.get().flowId().value().equals(flowIdText)) {
            return false;
        }
        return sessions.attachMessageId(flowToken, messageId);
    }

    private FlowId knownFlow(String flowIdText) throws UnknownFlowException {
        if (!FlowId.isValid(flowIdText) || plugins.find(new FlowId(flowIdText)).isEmpty()) {
            throw new UnknownFlowException(FlowId.isValid(flowIdText) ? flowIdText : "(not a valid flow id)");
        }
        return new FlowId(flowIdText);
    }
}
