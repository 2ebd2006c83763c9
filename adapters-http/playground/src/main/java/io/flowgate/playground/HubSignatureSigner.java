package io.flowgate.playground;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Signs the playground's requests with {@code X-Hub-Signature-256} as Meta does, so they pass the same
 * signature check as Meta's when an app secret is configured. The secret never reaches the browser.
 */
public final class HubSignatureSigner {

    private final Optional<SecretKeySpec> secret;

    /** @param appSecret the newest app secret; empty: requests go unsigned, as the server then accepts them */
    public HubSignatureSigner(Optional<String> appSecret) {
        this.secret = appSecret.filter(s -> !s.isEmpty())
                .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    /** The header's value ({@code sha256=<hex>}) for these exact bytes, or empty without an app secret. */
    public Optional<String> header(byte[] body) {
        return secret.map(key -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
            }
        });
    }
}
