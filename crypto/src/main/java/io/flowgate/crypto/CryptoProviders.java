package io.flowgate.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

import java.security.Provider;
import java.util.Locale;

/**
 * Chooses the JCA provider for the RSA unwrap and AES-GCM.
 *
 * <p>Measured on a 2-core x86_64 machine (RSA-OAEP-SHA256 2048-bit unwraps per second on one thread):
 * JDK about 1,100-1,300, BouncyCastle 800, Amazon Corretto Crypto Provider (AWS-LC) about 3,500, close to
 * {@code openssl speed rsa2048}. The unwrap is the cost floor of every request, so the native provider is
 * preferred and the pure-Java JDK provider is the fallback wherever the native library cannot load.
 */
public final class CryptoProviders {

    /** Which provider to use, from {@code flowgate.crypto.provider}. */
    public enum Preference {
        /** The native provider when it loads, else the JDK's. */
        AUTO,
        /** The native provider, or fail at startup. */
        NATIVE,
        /** The JDK's own providers. */
        JDK;

        public static Preference parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("flowgate.crypto.provider is \"" + text
                        + "\": expected auto, native or jdk", e);
            }
        }
    }

    /**
     * The chosen provider.
     *
     * @param provider    the provider instance, or {@code null} for the JDK's default lookup
     * @param description what to log at startup
     */
    public record Choice(Provider provider, String description) {
        public boolean isNative() {
            return provider != null;
        }
    }

    private CryptoProviders() {
    }

    public static Choice choose(Preference preference) {
        if (preference == Preference.JDK) {
            return jdk("chosen by configuration");
        }
        Throwable loadingError = nativeLoadingError();
        if (loadingError == null) {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            return new Choice(accp, "Amazon Corretto Crypto Provider " + accp.getVersionStr() + " (native AWS-LC)");
        }
        if (preference == Preference.NATIVE) {
            throw new IllegalStateException("flowgate.crypto.provider is native but the native provider cannot load on "
                    + platform() + ": " + loadingError + " (use auto or jdk)");
        }
        return jdk("native provider unavailable on " + platform() + ": " + loadingError.getMessage());
    }

    private static Throwable nativeLoadingError() {
        try {
            return AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
        } catch (LinkageError e) {
            return e;
        }
    }

    private static Choice jdk(String reason) {
        return new Choice(null, "JDK providers (pure Java; " + reason + ")");
    }

    private static String platform() {
        return System.getProperty("os.name") + "/" + System.getProperty("os.arch");
    }
}
