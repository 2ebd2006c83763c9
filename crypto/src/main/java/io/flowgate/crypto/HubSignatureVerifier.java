package io.flowgate.crypto;

import io.flowgate.core.port.out.WebhookSignatures;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the lowercase hex HMAC-SHA256 of the raw body
 * under the app secret. Several secrets may be configured during a rotation, newest first; each is tried,
 * and every comparison takes the same time whatever the header holds.
 */
public final class HubSignatureVerifier implements WebhookSignatures {

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
    public boolean verify(byte[] body, String header) {
        byte[] presented = parse(header);
        if (presented == null) {
            return false;
        }
        boolean matched = false;
        for (SecretKeySpec secret : secrets) {
            // No early exit: the time taken does not tell which secret, if any, matched.
            matched |= MessageDigest.isEqual(hmac(secret, body), presented);
        }
        return matched;
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
