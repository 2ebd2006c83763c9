package io.flowgate.crypto;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.security.PrivateKey;

/**
 * Every PEM form of a private key but the plain PKCS#8 one, read with BouncyCastle: PKCS#1, and passphrase-protected
 * keys (legacy {@code Proc-Type: 4,ENCRYPTED}, PKCS#8 PBES2). A class of its own so that no BouncyCastle class
 * loads (the signed jar's verification, the provider's hundreds of algorithms) unless such a key is configured.
 */
final class BouncyCastlePemKeys {

    /** Built only for a passphrase-protected key: the provider registers hundreds of algorithms. */
    private static final class Bouncy {
        static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();
    }

    private BouncyCastlePemKeys() {
    }

    /** The private key the PEM text holds, or an error that says what the file holds instead. */
    static PrivateKey parse(String pem, char[] passphrase, String source) throws PrivateKeyLoadException {
        Object object = firstPemObject(pem, source);
        return switch (object) {
            case PEMKeyPair pair -> convert(pair.getPrivateKeyInfo(), source);
            case PrivateKeyInfo info -> convert(info, source);
            case PEMEncryptedKeyPair encrypted -> convert(decryptLegacy(encrypted, passphrase, source), source);
            case PKCS8EncryptedPrivateKeyInfo encrypted -> convert(decryptPkcs8(encrypted, passphrase, source), source);
            case SubjectPublicKeyInfo ignored -> throw new PrivateKeyLoadException(source
                    + " holds a public key: configure the private key (the public key is what you upload to Meta)");
            case X509CertificateHolder ignored -> throw new PrivateKeyLoadException(source
                    + " holds a certificate: configure the PEM private key that belongs to it");
            default -> throw new PrivateKeyLoadException(source + " holds a PEM "
                    + object.getClass().getSimpleName() + ", not a private key");
        };
    }

    private static Object firstPemObject(String pem, String source) throws PrivateKeyLoadException {
        try (Reader reader = new StringReader(pem); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (object == null) {
                throw new PrivateKeyLoadException(source
                        + " holds no PEM block: expected -----BEGIN ... PRIVATE KEY-----");
            }
            return object;
        } catch (IOException e) {
            throw new PrivateKeyLoadException(source + " is not readable PEM: " + e.getMessage(), e);
        }
    }

    private static PrivateKeyInfo decryptLegacy(PEMEncryptedKeyPair encrypted, char[] passphrase, String source)
            throws PrivateKeyLoadException {
        requirePassphrase(passphrase, source);
        try {
            return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(Bouncy.PROVIDER).build(passphrase))
                    .getPrivateKeyInfo();
        } catch (IOException | RuntimeException e) {
            throw wrongPassphrase(source, e);
        }
    }

    private static PrivateKeyInfo decryptPkcs8(PKCS8EncryptedPrivateKeyInfo encrypted, char[] passphrase, String source)
            throws PrivateKeyLoadException {
        requirePassphrase(passphrase, source);
        try {
            return encrypted.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bouncy.PROVIDER).build(passphrase));
        } catch (Exception e) {
            // BouncyCastle reports a wrong passphrase as a padding, ASN.1 or operator error depending on luck.
            throw wrongPassphrase(source, e);
        }
    }

    private static void requirePassphrase(char[] passphrase, String source) throws PrivateKeyLoadException {
        if (passphrase == null || passphrase.length == 0) {
            throw new PrivateKeyLoadException(source
                    + " is encrypted but no passphrase is configured: set flowgate.keys.passphrase");
        }
    }

    private static PrivateKeyLoadException wrongPassphrase(String source, Exception cause) {
        return new PrivateKeyLoadException(source
                + " could not be decrypted: the passphrase (flowgate.keys.passphrase) is wrong or the file is damaged",
                cause);
    }

    private static PrivateKey convert(PrivateKeyInfo info, String source) throws PrivateKeyLoadException {
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new PrivateKeyLoadException(source + " holds a private key this JDK cannot use: " + e.getMessage(), e);
        }
    }
}
