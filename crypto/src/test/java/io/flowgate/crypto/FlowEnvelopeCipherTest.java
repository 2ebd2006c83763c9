package io.flowgate.crypto;

import io.flowgate.core.domain.EncryptedEnvelope;
import io.flowgate.core.port.out.EnvelopeCipher.OpenedEnvelope;
import io.flowgate.core.port.out.EnvelopeDecryptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Byte-exact against vectors made by an independent implementation, on every provider we may run on. */
class FlowEnvelopeCipherTest {

    static Stream<Arguments> goodVectorsOnEachProvider() {
        return providers().flatMap(provider -> TestVectors.envelopes().stream()
                .filter(vector -> !vector.mustFail())
                .map(vector -> Arguments.of(provider, vector)));
    }

    static Stream<Arguments> failingVectorsOnEachProvider() {
        return providers().flatMap(provider -> TestVectors.envelopes().stream()
                .filter(TestVectors.Envelope::mustFail)
                .map(vector -> Arguments.of(provider, vector)));
    }

    static Stream<CryptoProviders.Choice> providers() {
        var jdk = CryptoProviders.choose(CryptoProviders.Preference.JDK);
        var auto = CryptoProviders.choose(CryptoProviders.Preference.AUTO);
        return auto.isNative() ? Stream.of(jdk, auto) : Stream.of(jdk);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("goodVectorsOnEachProvider")
    void decryptsAndEncryptsExactlyLikeTheIndependentImplementation(CryptoProviders.Choice provider,
                                                                    TestVectors.Envelope vector) throws Exception {
        OpenedEnvelope opened = cipher(provider).open(vector.request());

        assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).isEqualTo(vector.decryptedPayload());
        assertThat(opened.sealResponse(vector.responsePlaintext().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(vector.responseBody());
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("failingVectorsOnEachProvider")
    void tamperedOrForeignEnvelopesFailToDecrypt(CryptoProviders.Choice provider, TestVectors.Envelope vector) {
        assertThatThrownBy(() -> cipher(provider).open(vector.request()))
                .isInstanceOf(EnvelopeDecryptionException.class);
    }

    @Test
    void aForeignKeySaysWhatToCheck() {
        assertThatThrownBy(() -> cipher(CryptoProviders.choose(CryptoProviders.Preference.AUTO))
                .open(TestVectors.envelope("unknown-key").request()))
                .hasMessageContaining("does not unwrap with the configured private key");
    }

    @Test
    void aTamperedTagIsAnAuthenticationFailure() {
        assertThatThrownBy(() -> cipher(CryptoProviders.choose(CryptoProviders.Preference.AUTO))
                .open(TestVectors.envelope("tampered-tag").request()))
                .hasMessageStartingWith("encrypted_flow_data failed AES-GCM authentication");
    }

    @Test
    void triesEveryConfiguredKeySoARotationCausesNo421() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var newerKey = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        var cipher = new FlowEnvelopeCipher(List.of(newerKey, vectorKey()), null);

        OpenedEnvelope opened = cipher.open(TestVectors.envelope("ping").request());

        assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).contains("\"ping\"");
    }

    @Test
    void checksEveryFieldBeforeAnyCryptography() throws Exception {
        var good = TestVectors.envelope("ping").request();
        var cipher = new FlowEnvelopeCipher(List.of(vectorKey()), null);
        String sixteenBytes = b64(new byte[16]);

        assertThatThrownBy(() -> cipher.open(new EncryptedEnvelope("%%%", good.encryptedAesKey(), good.initialVector())))
                .hasMessage("encrypted_flow_data is not standard base64");
        assertThatThrownBy(() -> cipher.open(new EncryptedEnvelope(good.encryptedFlowData(), "a-b_", good.initialVector())))
                .hasMessage("encrypted_aes_key is not standard base64");
        assertThatThrownBy(() -> cipher.open(new EncryptedEnvelope(good.encryptedFlowData(), good.encryptedAesKey(),
                b64(new byte[12]))))
                .hasMessage("initial_vector is 12 bytes, expected 16");
        assertThatThrownBy(() -> cipher.open(new EncryptedEnvelope(b64(new byte[15]), good.encryptedAesKey(),
                sixteenBytes)))
                .hasMessage("encrypted_flow_data is 15 bytes, shorter than the 16-byte GCM tag");
        assertThatThrownBy(() -> cipher.open(new EncryptedEnvelope(good.encryptedFlowData(), b64(new byte[128]),
                good.initialVector())))
                .hasMessage("encrypted_aes_key is 128 bytes, expected 256 for a 2048-bit key");
    }

    /** The floor of every request, measured where it runs: one operation per key tried, with its thread's CPU time. */
    @Test
    void everyRsaOperationIsCountedWithTheCpuTimeItTook() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var newerKey = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        var cipher = new FlowEnvelopeCipher(List.of(newerKey, vectorKey()), null);
        assertThat(cipher.rsaCost().operations()).isZero();

        cipher.open(TestVectors.envelope("ping").request()).close(); // the newer key fails, the vector's key works
        assertThat(cipher.rsaCost().operations()).isEqualTo(2);
        long afterOne = cipher.rsaCost().cpuNanos();
        assertThat(afterOne).as("two RSA-2048 private operations take well over 10 us of CPU").isGreaterThan(10_000);

        cipher.open(TestVectors.envelope("ping").request()).close();
        assertThat(cipher.rsaCost().operations()).isEqualTo(4);
        assertThat(cipher.rsaCost().cpuNanos()).isGreaterThan(afterOne);
    }

    @Test
    void theResponseIvIsTheRequestIvWithEveryBitInverted() {
        assertThat(AesGcmPayloadCipher.flip(new byte[]{0x00, (byte) 0xFF, 0x0F, (byte) 0xA5}))
                .containsExactly((byte) 0xFF, 0x00, (byte) 0xF0, 0x5A);
    }

    @Test
    void theOpenedEnvelopeNeverPrintsItsKey() throws Exception {
        OpenedEnvelope opened = new FlowEnvelopeCipher(List.of(vectorKey()), null).open(TestVectors.envelope("ping").request());

        assertThat(opened.toString()).contains("key redacted").doesNotContain("dtTOYhW");
    }

    @Test
    void aResponseIsSealedOnceNeverASecondTimeUnderTheWipedKey() throws Exception {
        OpenedEnvelope opened = new FlowEnvelopeCipher(List.of(vectorKey()), null).open(TestVectors.envelope("ping").request());
        opened.sealResponse("{}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> opened.sealResponse("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already sealed");
    }

    @Test
    void closingWithoutASealWipesKeyAndPlaintextAndRefusesALaterSeal() throws Exception {
        var unwrapped = new ArrayList<byte[]>();
        OpenedEnvelope opened = recordingCipher(unwrapped).open(TestVectors.envelope("ping").request());
        assertThat(unwrapped.getFirst()).as("a real key before").isNotEqualTo(new byte[16]);

        opened.close();

        assertThat(unwrapped.getFirst()).containsOnly((byte) 0);
        assertThat(opened.plaintext()).containsOnly((byte) 0);
        assertThatThrownBy(() -> opened.sealResponse("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theKeyIsWipedWhenDecryptionFails() throws Exception {
        var unwrapped = new ArrayList<byte[]>();

        assertThatThrownBy(() -> recordingCipher(unwrapped).open(TestVectors.envelope("tampered-tag").request()))
                .isInstanceOf(EnvelopeDecryptionException.class);
        assertThat(unwrapped).singleElement().satisfies(key -> assertThat(key).hasSize(16).containsOnly((byte) 0));
    }

    @Test
    void theKeyIsWipedWhenEncryptionFails() throws Exception {
        var unwrapped = new ArrayList<byte[]>();
        OpenedEnvelope opened = recordingCipher(unwrapped).open(TestVectors.envelope("ping").request());

        assertThatThrownBy(() -> opened.sealResponse(null)).isInstanceOf(RuntimeException.class);
        assertThat(unwrapped.getFirst()).containsOnly((byte) 0);
        assertThatThrownBy(() -> opened.sealResponse("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class);
    }

    /** The vector key's cipher, keeping a reference to every AES key array it unwraps. */
    private static FlowEnvelopeCipher recordingCipher(List<byte[]> unwrapped) throws Exception {
        var real = new RsaOaepKeyUnwrapper(vectorKey(), null);
        KeyUnwrapper recording = new KeyUnwrapper() {
            @Override
            public int modulusBytes() {
                return real.modulusBytes();
            }

            @Override
            public byte[] unwrap(byte[] wrappedKey) throws java.security.GeneralSecurityException {
                byte[] key = real.unwrap(wrappedKey);
                unwrapped.add(key);
                return key;
            }
        };
        return FlowEnvelopeCipher.withUnwrappers(List.of(recording), null);
    }

    private static FlowEnvelopeCipher cipher(CryptoProviders.Choice provider) throws Exception {
        return new FlowEnvelopeCipher(List.of(vectorKey()), provider.provider());
    }

    private static RSAPrivateCrtKey vectorKey() throws PrivateKeyLoadException {
        return PemPrivateKeyReader.read(TestVectors.key("private-pkcs8.pem"), null);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
