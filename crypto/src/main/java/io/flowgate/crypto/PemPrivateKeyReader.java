package io.flowgate.crypto;


import java.io.IOException;
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
 * and the key it yields is converted to a JDK key so any JCA provider can use it. The most common form, a plain
 * PKCS#8 file ({@code openssl genrsa} since OpenSSL 3), is read by the JDK alone: loading and verifying the signed
 * BouncyCastle jar and building its provider took about 0.3 s of every server start.
 */
public final class PemPrivateKeyReader {

    /** Meta requires 2048-bit keys; anything shorter is weak and would also fail Meta's upload. */
    public static final int MINIMUM_BITS = 2048;

    private static final String PLAIN_PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PLAIN_PKCS8_END = "-----END PRIVATE KEY-----";

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
        RSAPrivateCrtKey plain = plainPkcs8Rsa(pem);
        if (plain != null) {
            return checked(plain, source);
        }
        PrivateKey key = BouncyCastlePemKeys.parse(pem, passphrase, source);
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new PrivateKeyLoadException(source + " holds a " + key.getAlgorithm()
                    + " private key: WhatsApp Flows needs an RSA key (openssl genrsa -out private.pem 2048)");
        }
        return checked(rsa, source);
    }

    /**
     * The key of a file that is exactly one plain PKCS#8 block holding an RSA key, read with the JDK; {@code null}
     * for anything else (more blocks, other text, another algorithm, a damaged block), which the full parser
     * then reads or explains.
     */
    private static RSAPrivateCrtKey plainPkcs8Rsa(String pem) {
        String text = pem.strip();
        if (!text.startsWith(PLAIN_PKCS8_BEGIN) || !text.endsWith(PLAIN_PKCS8_END)
                || text.indexOf("-----BEGIN", 1) >= 0) {
            return null;
        }
        String body = text.substring(PLAIN_PKCS8_BEGIN.length(), text.length() - PLAIN_PKCS8_END.length());
        try {
            byte[] der = java.util.Base64.getMimeDecoder().decode(body);
            PrivateKey key = java.security.KeyFactory.getInstance("RSA")
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
            return key instanceof RSAPrivateCrtKey rsa ? rsa : null;
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            return null;
        }
    }

    private static RSAPrivateCrtKey checked(RSAPrivateCrtKey rsa, String source) throws PrivateKeyLoadException {
        int bits = rsa.getModulus().bitLength();
        if (bits < MINIMUM_BITS) {
            throw new PrivateKeyLoadException(source + " holds a " + bits + "-bit RSA key: WhatsApp Flows needs at least "
                    + MINIMUM_BITS + " bits (openssl genrsa -out private.pem 2048)");
        }
        return rsa;
    }

}
