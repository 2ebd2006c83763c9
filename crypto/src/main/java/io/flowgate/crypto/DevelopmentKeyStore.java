package io.flowgate.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;

/**
 * The key pair {@code serve} uses when no private key is configured: created once under the data dir and
 * kept, so the public key uploaded to Meta stays valid across restarts. Production configures its own key.
 */
public final class DevelopmentKeyStore {

    /** Where under the data dir the development key lives. */
    public static final String PRIVATE_KEY_FILE = "dev-keys/private-key.pem";
    public static final String PUBLIC_KEY_FILE = "dev-keys/public-key.pem";

    private DevelopmentKeyStore() {
    }

    /** The result of {@link #loadOrCreate}: the key, its file, and whether it was made just now. */
    public record DevelopmentKey(RSAPrivateCrtKey privateKey, Path privateKeyFile, Path publicKeyFile, boolean created) {
        @Override
        public String toString() {
            return "DevelopmentKey[" + privateKeyFile + ", created=" + created + "]";
        }
    }

    public static DevelopmentKey loadOrCreate(Path dataDir) throws IOException, PrivateKeyLoadException {
        Path privateFile = dataDir.resolve(PRIVATE_KEY_FILE);
        Path publicFile = dataDir.resolve(PUBLIC_KEY_FILE);
        boolean created = false;
        if (!Files.exists(privateFile)) {
            created = create(privateFile, publicFile);
        }
        RSAPrivateCrtKey key = PemPrivateKeyReader.read(privateFile, null);
        if (!Files.exists(publicFile)) {
            writeAtomically(publicFile, PublicKeys.toPem(PublicKeys.of(key)), false);
        }
        return new DevelopmentKey(key, privateFile, publicFile, created);
    }

    private static boolean create(Path privateFile, Path publicFile) throws IOException {
        KeyPairGenerator generator;
        try {
            generator = KeyPairGenerator.getInstance("RSA");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no RSA key generator", e);
        }
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        Files.createDirectories(privateFile.getParent());
        try {
            writeAtomically(privateFile, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
        } catch (FileAlreadyExistsException e) {
            return false; // another instance sharing the data dir won the race; use its key
        }
        writeAtomically(publicFile, Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()), false);
        return true;
    }

    /** Writes to a temporary file first so a crash never leaves half a key behind. */
    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".tmp-", ".pem");
        try {
            if (secret) {
                restrictToOwner(temp);
            }
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            // A rename within one directory: readers see no file or the whole file, and an existing key
            // (another instance's) is never replaced.
            Files.move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own permissions apply.
        }
    }
}
