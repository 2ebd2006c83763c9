package io.flowgate.crypto;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;

/**
 * A new business key pair on disk: the private key as encrypted PKCS#8 (PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC,
 * what OpenSSL 3 writes and every official example can be made to read), readable by its owner only, and the
 * public key PEM beside it. Existing files are never replaced: losing the key Meta holds means 421s for everyone.
 */
public final class BusinessKeyFiles {

    public static final String PRIVATE_KEY_FILE = "private-key.pem";
    public static final String PUBLIC_KEY_FILE = "public-key.pem";
    /** OpenSSL 3's default is 2048; ten times that costs a few milliseconds at each start. */
    private static final int PBKDF2_ITERATIONS = 100_000;

    private BusinessKeyFiles() {
    }

    /** Where a pair was written, and the public key's fingerprint. */
    public record Generated(Path privateKey, Path publicKey, String fingerprint) {
    }

    /** @throws FileAlreadyExistsException when either file exists; nothing is written then */
    public static Generated generate(Path directory, char[] passphrase) throws IOException {
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("the private key is written encrypted: a passphrase is needed"
                    + " (flowgate.keys.passphrase or -file, or typed when asked)");
        }
        Path privateFile = directory.resolve(PRIVATE_KEY_FILE);
        Path publicFile = directory.resolve(PUBLIC_KEY_FILE);
        for (Path file : new Path[]{privateFile, publicFile}) {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString(), null, "a key file is there already; it is never"
                        + " overwritten (move it away first, or choose another --out)");
            }
        }
        Files.createDirectories(directory);
        KeyPair pair = newPair();
        String privatePem = encryptedPem(pair, passphrase);
        write(privateFile, privatePem, "rw-------");
        try {
            write(publicFile, PublicKeys.toPem((RSAPublicKey) pair.getPublic()), "rw-r--r--");
        } catch (IOException e) {
            Files.deleteIfExists(privateFile); // half a pair is no pair
            throw e;
        }
        return new Generated(privateFile, publicFile, PublicKeys.fingerprint((RSAPublicKey) pair.getPublic()));
    }

    private static KeyPair newPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(PemPrivateKeyReader.MINIMUM_BITS);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no RSA key generator", e);
        }
    }

    private static String encryptedPem(KeyPair pair, char[] passphrase) throws IOException {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(new BouncyCastleProvider()).setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(PBKDF2_ITERATIONS).setPassword(passphrase).build();
            var text = new StringWriter();
            try (var writer = new JcaPEMWriter(text)) {
                writer.writeObject(new JcaPKCS8Generator(pair.getPrivate(), encryptor));
            }
            return text.toString();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("BouncyCastle cannot encrypt the private key", e);
        }
    }

    /** Created with its permissions from the start, so the private key is never readable by others, even briefly. */
    private static void write(Path file, String content, String permissions) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        // createFile applies the umask; set the mode explicitly (0644 for the public key whatever the umask).
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own permissions apply.
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
