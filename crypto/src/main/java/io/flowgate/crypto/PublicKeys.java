package io.flowgate.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/** The public half of the business key: what is uploaded to Meta, and a short fingerprint to compare it by. */
public final class PublicKeys {

    private PublicKeys() {
    }

    public static RSAPublicKey of(RSAPrivateCrtKey privateKey) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot build an RSA public key", e);
        }
    }

    /** The {@code -----BEGIN PUBLIC KEY-----} (SPKI) form Meta's upload API takes. */
    public static String toPem(RSAPublicKey publicKey) {
        return Pem.encode("PUBLIC KEY", publicKey.getEncoded());
    }

    /**
     * {@code SHA256:} and the base64 SHA-256 of the DER public key. The same value comes out of
     * {@code openssl pkey -pubin -in public.pem -outform DER | openssl dgst -sha256 -binary | base64}, so an
     * operator can check which key a server runs with against the key uploaded to Meta.
     */
    public static String fingerprint(RSAPublicKey publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
