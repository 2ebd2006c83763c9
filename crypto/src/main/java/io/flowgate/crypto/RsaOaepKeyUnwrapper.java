package io.flowgate.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Objects;

/**
 * Unwraps the per-request AES key: RSA-OAEP with SHA-256 <em>and</em> MGF1-SHA-256, empty label.
 *
 * <p>The spec is always passed explicitly: the JDK's transformation name
 * {@code RSA/ECB/OAEPWithSHA-256AndMGF1Padding} pairs SHA-256 with MGF1-SHA-1 and fails on every request
 * WhatsApp sends.
 */
final class RsaOaepKeyUnwrapper {

    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private final RSAPrivateCrtKey privateKey;
    private final Provider provider;
    private final int modulusBytes;

    RsaOaepKeyUnwrapper(RSAPrivateCrtKey privateKey, Provider provider) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.provider = provider;
        this.modulusBytes = (privateKey.getModulus().bitLength() + 7) / 8;
    }

    /** The size every wrapped key must have: the RSA modulus in bytes (256 for a 2048-bit key). */
    int modulusBytes() {
        return modulusBytes;
    }

    byte[] unwrap(byte[] wrappedKey) throws GeneralSecurityException {
        Cipher rsa = provider == null ? Cipher.getInstance("RSA/ECB/OAEPPadding")
                : Cipher.getInstance("RSA/ECB/OAEPPadding", provider);
        rsa.init(Cipher.DECRYPT_MODE, privateKey, OAEP_SHA256);
        return rsa.doFinal(wrappedKey);
    }

    @Override
    public String toString() {
        return "RsaOaepKeyUnwrapper[" + (modulusBytes * 8) + "-bit key]";
    }
}
