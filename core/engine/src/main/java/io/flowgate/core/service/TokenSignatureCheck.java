package io.flowgate.core.service;

import io.flowgate.core.domain.SignatureRejectedException;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.core.port.out.RequestSignatures;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Data API 4.0's {@code flow_token_signature}: an HS256 JWT made with the app secret whose payload carries the
 * flow token (protocol.md 6.3). Meta does not document the claim's name, so a JWT is accepted when one of the
 * claims {@code flow_token}, {@code token} or {@code sub} equals the request's token; a JWT that is not
 * signed with a configured secret, names another token, or has expired ({@code exp}) is rejected with 432,
 * like a bad {@code X-Hub-Signature-256}: it is the same secret proving the same thing.
 */
final class TokenSignatureCheck {

    private static final System.Logger LOG = System.getLogger(TokenSignatureCheck.class.getName());
    private static final List<String> TOKEN_CLAIMS = List.of("flow_token", "token", "sub");

    private final RequestSignatures signatures;
    private final JsonCodec json;
    private final Clock clock;
    private final AtomicBoolean warnedUnverifiable = new AtomicBoolean();

    TokenSignatureCheck(RequestSignatures signatures, JsonCodec json, Clock clock) {
        this.signatures = signatures;
        this.json = json;
        this.clock = clock;
    }

    void check(Object signature, String flowToken) throws SignatureRejectedException {
        if (signature == null) {
            return;
        }
        if (!signatures.enabled()) {
            if (warnedUnverifiable.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "requests carry flow_token_signature but no app secret is configured"
                        + " (flowgate.app-secret): it is not checked");
            }
            return;
        }
        if (!(signature instanceof String jwt)) {
            throw new SignatureRejectedException("flow_token_signature is not a string");
        }
        Optional<byte[]> payload = signatures.verifiedJwtPayload(jwt);
        if (payload.isEmpty()) {
            throw new SignatureRejectedException("flow_token_signature is not an HS256 JWT signed with a configured app secret");
        }
        Map<String, Object> claims;
        try {
            claims = json.readObject(payload.get());
        } catch (JsonCodec.MalformedJsonException e) {
            throw new SignatureRejectedException("flow_token_signature's payload is not a JSON object");
        }
        if (claims.get("exp") instanceof Number exp && exp.longValue() < clock.instant().getEpochSecond()) {
            throw new SignatureRejectedException("flow_token_signature has expired");
        }
        boolean names = TOKEN_CLAIMS.stream().anyMatch(claim -> flowToken.equals(claims.get(claim)));
        if (!names) {
            throw new SignatureRejectedException("flow_token_signature was made for another flow token");
        }
    }
}
