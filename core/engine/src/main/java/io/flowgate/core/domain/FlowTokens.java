package io.flowgate.core.domain;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * New flow tokens: 192 random bits as unpadded base64url (32 characters), so a token is unguessable,
 * safe in URLs and JSON, and far below any length limit a WhatsApp API might have.
 */
public final class FlowTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_BYTES = 24;

    private FlowTokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
