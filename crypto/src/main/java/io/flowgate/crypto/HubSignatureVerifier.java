package io.flowgate.crypto;

import io.flowgate.core.port.out.RequestSignatures;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the lowercase hex HMAC-SHA256 of the raw body
 * under the app secret; and the HS256 JWT of data API 4.0's {@code flow_token_signature}. Several secrets may
 * be configured during a rotation, newest first; each is tried, and every comparison takes the same time
 * whatever the input holds.
 */
public final class HubSignatureVerifier implements RequestSignatures {

    private static final Pattern HS256 = Pattern.compile("\"alg\"\\s*:\\s*\"HS256\"");

    private static final String PREFIX = "sha256=";
    private static final int HEX_LENGTH = 64;

    private final List<SecretKeySpec> secrets;

    public HubSignatureVerifier(List<String> appSecrets) {
        this.secrets = appSecrets.stream().filter(s -> !s.isBlank())
                .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).toList();
    }

    @Override
    public boolean enabled() {
        return !secrets.isEmpty();
    }

    @Override
    public OptionalInt matchingSecret(byte[] body, String header) {
        byte[] presented = parse(header);
        return presented == null ? OptionalInt.empty() : matching(body, presented);
    }

    @Override
    public Optional<byte[]> verifiedJwtPayload(String jwt) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            String header = new String(decoder.decode(parts[0]), StandardCharsets.UTF_8);
            if (!HS256.matcher(header).find()) {
                return Optional.empty(); // never let the token choose a weaker algorithm, or "none"
            }
            byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            if (matching(signed, decoder.decode(parts[2])).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(decoder.decode(parts[1]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private OptionalInt matching(byte[] signed, byte[] presented) {
        int matched = -1;
        for (int i = secrets.size() - 1; i >= 0; i--) {
            // No early exit: the time taken does not tell which secret, if any, matched.
            if (MessageDigest.isEqual(hmac(secrets.get(i), signed), presented)) {
                matched = i;
            }
        }
        return matched < 0 ? OptionalInt.empty() : OptionalInt.of(matched);
    }

    /** The 32 signature bytes, or null for a header that is absent or not of the form sha256=<64 hex>. */
    private static byte[] parse(String header) {
        if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + HEX_LENGTH) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(header, PREFIX.length(), header.length());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hmac(SecretKeySpec secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "HubSignatureVerifier[" + secrets.size() + " secret(s)]";
    }
}
