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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;

/**
 * Reads the business RSA private key from PEM in every form a user may bring (protocol.md section 1):
 * PKCS#1 and PKCS#8, plain or passphrase-protected (legacy {@code Proc-Type: 4,ENCRYPTED}, PKCS#8 PBES2).
 *
 * <p>BouncyCastle is used for parsing only and passed as an instance: it is never registered globally,
 * and the key it yields is converted to a JDK key so any JCA provider can use it.
 */
public final class PemPrivateKeyReader {

    /** Meta requires 2048-bit keys; anything shorter is weak and would also fail Meta's upload. */
    public static final int MINIMUM_BITS = 2048;

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private PemPrivateKeyReader() {
    }

    /**
     * @param passphrase the passphrase of an encrypted key, or {@code null}/empty for a plain key
     */
    public static RSAPrivateCrtKey read(Path file, char[] passphrase) throws PrivateKeyLoadException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new PrivateKeyLoadException("private key file " + file.toAbsolutePath()
                    + " does not exist: check flowgate.keys.private-key");
        } catch (IOException e) {
            throw new PrivateKeyLoadException("private key file " + file.toAbsolutePath() + " cannot be read: "
                    + e.getClass().getSimpleName(), e);
        }
        return parse(pem, passphrase, file.toAbsolutePath().toString());
    }

    /** Parses PEM text; {@code source} names where it came from in error messages. */
    public static RSAPrivateCrtKey parse(String pem, char[] passphrase, String source) throws PrivateKeyLoadException {
        Object object = firstPemObject(pem, source);
        PrivateKey key = switch (object) {
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
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new PrivateKeyLoadException(source + " holds a " + key.getAlgorithm()
                    + " private key: WhatsApp Flows needs an RSA key (openssl genrsa -out private.pem 2048)");
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MINIMUM_BITS) {
            throw new PrivateKeyLoadException(source + " holds a " + bits + "-bit RSA key: WhatsApp Flows needs at least "
                    + MINIMUM_BITS + " bits (openssl genrsa -out private.pem 2048)");
        }
        return rsa;
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
            return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(passphrase))
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
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
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
