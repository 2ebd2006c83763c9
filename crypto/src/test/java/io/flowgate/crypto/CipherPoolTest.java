package io.flowgate.crypto;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pooled AES-GCM instances: reused, never shared by two callers at once, and dropped after a failure. */
class CipherPoolTest {

    static Stream<Provider> providers() {
        return FlowEnvelopeCipherTest.providers().map(CryptoProviders.Choice::provider);
    }

    @Test
    void aCipherGivenBackIsTheOneBorrowedNextAndAFullRowDropsTheRest() throws Exception {
        var pool = new CipherPool("AES/GCM/NoPadding", null, 2);
        Cipher first = pool.borrow();
        Cipher second = pool.borrow();
        Cipher third = pool.borrow();
        assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
        pool.giveBack(first);
        pool.giveBack(second);
        pool.giveBack(third);
        assertThat(pool.idle()).isEqualTo(2);
        assertThat(List.of(pool.borrow(), pool.borrow())).containsExactlyInAnyOrder(first, second);
        assertThat(pool.idle()).isZero();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aFailedAuthenticationDoesNotPutItsCipherBack(Provider provider) throws Exception {
        var cipher = new AesGcmPayloadCipher(provider);
        byte[] key = new byte[16];
        byte[] iv = new byte[16];
        byte[] sealed = cipher.encryptResponseWithFlippedIv(key, iv, "{}".getBytes(StandardCharsets.UTF_8));
        sealed[0] ^= 1;
        byte[] flipped = AesGcmPayloadCipher.flip(iv);
        assertThatThrownBy(() -> cipher.decrypt(key, flipped, sealed)).isInstanceOf(AEADBadTagException.class);
        sealed[0] ^= 1;
        assertThat(new String(cipher.decrypt(key, flipped, sealed), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    /** Many threads sealing and opening under their own keys: each gets back exactly its own plaintext. */
    @ParameterizedTest
    @MethodSource("providers")
    void concurrentRequestsEachDecryptTheirOwnPayload(Provider provider) throws Exception {
        var cipher = new AesGcmPayloadCipher(provider);
        List<Callable<Boolean>> requests = new ArrayList<>();
        for (int r = 0; r < 64; r++) {
            int seed = r;
            requests.add(() -> {
                var random = new Random(seed);
                for (int i = 0; i < 200; i++) {
                    byte[] key = new byte[16];
                    byte[] iv = new byte[16];
                    byte[] plaintext = new byte[1 + random.nextInt(2000)];
                    random.nextBytes(key);
                    random.nextBytes(iv);
                    random.nextBytes(plaintext);
                    byte[] sealed = cipher.encryptResponseWithFlippedIv(key, iv, plaintext);
                    if (!Arrays.equals(cipher.decrypt(key, AesGcmPayloadCipher.flip(iv), sealed), plaintext)) {
                        return false;
                    }
                }
                return true;
            });
        }
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> done : threads.invokeAll(requests)) {
                assertThat(done.get()).isTrue();
            }
        }
    }
}
