package io.flowgate.http;

import io.flowgate.core.port.out.JsonCodec;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/** The admin API's {@code Authorization: Bearer <flowgate.admin.token>} check, shared by its routes. */
final class BearerTokenCheck {

    private static final System.Logger LOG = System.getLogger(BearerTokenCheck.class.getName());

    private final byte[] adminTokenDigest;
    private final JsonCodec json;

    BearerTokenCheck(String adminToken, JsonCodec json) {
        if (adminToken.isBlank()) {
            throw new IllegalArgumentException("the admin API needs flowgate.admin.token");
        }
        this.adminTokenDigest = sha256(adminToken);
        this.json = json;
    }

    /** True when the request carries the admin token; otherwise answers 401 and returns false. */
    boolean admits(ServerRequest request, ServerResponse response) {
        String header = request.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        // The scheme is case-insensitive (RFC 9110, section 11.1); the token itself is not.
        String presented = header.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())
                ? header.substring("Bearer ".length()).strip() : "";
        // Digests first: equal lengths, so the comparison time says nothing about the token's length either.
        if (!MessageDigest.isEqual(sha256(presented), adminTokenDigest) || presented.isEmpty()) {
            // The path may hold a flow token, so only the method is logged.
            LOG.log(Level.WARNING, "admin API: 401 on a {0} ({1})", request.prologue().method().text(),
                    header.isEmpty() ? "no Authorization header" : "wrong bearer token");
            response.header(HeaderValues.create(HeaderNames.WWW_AUTHENTICATE, "Bearer"));
            response.status(Status.UNAUTHORIZED_401);
            response.header(HeaderValues.CONTENT_TYPE_JSON);
            response.send(json.writeObject(Map.of("error",
                    "a valid \"Authorization: Bearer <admin token>\" header is required")));
            return false;
        }
        return true;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
