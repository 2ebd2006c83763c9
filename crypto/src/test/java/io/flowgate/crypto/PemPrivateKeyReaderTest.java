package io.flowgate.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemPrivateKeyReaderTest {

    private static final String PUBLIC_PEM = TestVectors.text("/vectors/keys/public.pem");

    @ParameterizedTest
    @ValueSource(strings = {"private-pkcs1.pem", "private-pkcs8.pem"})
    void readsPlainKeysInBothForms(String file) throws Exception {
        RSAPrivateCrtKey key = PemPrivateKeyReader.read(TestVectors.key(file), null);

        assertThat(PublicKeys.toPem(PublicKeys.of(key))).isEqualTo(PUBLIC_PEM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"private-pkcs1-des3.pem", "private-pkcs8-encrypted.pem", "private-pkcs8-des3.pem"})
    void readsPassphraseProtectedKeysInEveryForm(String file) throws Exception {
        RSAPrivateCrtKey key = PemPrivateKeyReader.read(TestVectors.key(file), TestVectors.passphrase());

        assertThat(PublicKeys.toPem(PublicKeys.of(key))).isEqualTo(PUBLIC_PEM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"private-pkcs1-des3.pem", "private-pkcs8-encrypted.pem", "private-pkcs8-des3.pem"})
    void anEncryptedKeyWithoutPassphraseSaysWhichSettingIsMissing(String file) {
        assertThatThrownBy(() -> PemPrivateKeyReader.read(TestVectors.key(file), null))
                .isInstanceOf(PrivateKeyLoadException.class)
                .hasMessageContaining(file)
                .hasMessageContaining("is encrypted but no passphrase is configured: set flowgate.keys.passphrase");
    }

    @ParameterizedTest
    @ValueSource(strings = {"private-pkcs1-des3.pem", "private-pkcs8-encrypted.pem", "private-pkcs8-des3.pem"})
    void aWrongPassphraseIsReportedAsSuch(String file) {
        assertThatThrownBy(() -> PemPrivateKeyReader.read(TestVectors.key(file), "not-the-passphrase".toCharArray()))
                .isInstanceOf(PrivateKeyLoadException.class)
                .hasMessageContaining("the passphrase (flowgate.keys.passphrase) is wrong or the file is damaged");
    }

    @Test
    void aPublicKeyIsNotMistakenForAPrivateOne() {
        assertThatThrownBy(() -> PemPrivateKeyReader.read(TestVectors.key("public.pem"), null))
                .isInstanceOf(PrivateKeyLoadException.class)
                .hasMessageContaining("holds a public key: configure the private key");
    }

    @Test
    void aMissingFileNamesTheSetting(@TempDir Path dir) {
        Path missing = dir.resolve("nope.pem");

        assertThatThrownBy(() -> PemPrivateKeyReader.read(missing, null))
                .isInstanceOf(PrivateKeyLoadException.class)
                .hasMessage("private key file " + missing + " does not exist: check flowgate.keys.private-key");
    }

    @Test
    void aFileWithoutPemIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("junk.pem"), "this is not a key\n");

        assertThatThrownBy(() -> PemPrivateKeyReader.read(file, null))
                .isInstanceOf(PrivateKeyLoadException.class)
                .hasMessageContaining("holds no PEM block");
    }

    @Test
    void anRsaKeyShorterThan2048BitsIsRefused(@TempDir Path dir) throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        Path file = Files.writeString(dir.resolve("weak.pem"),
                Pem.encode("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()));

        assertThatThrownBy(() -> PemPrivateKeyReader.read(file, null))
                .isInstanceOf(PrivateKeyLoadException.class)
                .hasMessageContaining("holds a 1024-bit RSA key: WhatsApp Flows needs at least 2048 bits");
    }

    @Test
    void aKeyOfAnotherAlgorithmIsRefused(@TempDir Path dir) throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Path file = Files.writeString(dir.resolve("ec.pem"),
                Pem.encode("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()));

        assertThatThrownBy(() -> PemPrivateKeyReader.read(file, null))
                .isInstanceOf(PrivateKeyLoadException.class)
                .hasMessageContaining("holds a EC private key: WhatsApp Flows needs an RSA key");
    }

    @Test
    void aPlainPkcs8KeyWithWindowsLineEndsReadsLikeTheOriginalAndADamagedOneIsExplained(@TempDir Path dir) throws Exception {
        String pkcs8 = Files.readString(TestVectors.key("private-pkcs8.pem"));
        Path crlf = Files.writeString(dir.resolve("crlf.pem"), "\r\n" + pkcs8.replace("\n", "\r\n") + "\r\n");
        assertThat(PublicKeys.toPem(PublicKeys.of(PemPrivateKeyReader.read(crlf, null)))).isEqualTo(PUBLIC_PEM);

        Path damaged = Files.writeString(dir.resolve("damaged.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA!!\n"
                + "-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemPrivateKeyReader.read(damaged, null))
                .isInstanceOf(PrivateKeyLoadException.class)
                .hasMessageContaining(damaged.toString());
    }
}
