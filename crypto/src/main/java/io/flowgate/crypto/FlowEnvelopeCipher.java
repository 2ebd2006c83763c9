package io.flowgate.crypto;

import io.flowgate.core.domain.EncryptedEnvelope;
import io.flowgate.core.port.out.EnvelopeCipher;
import io.flowgate.core.port.out.EnvelopeDecryptionException;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The WhatsApp Flows envelope (protocol.md section 2): checks every length before any cryptography, tries
 * each configured private key in order (newest first, so a key rotation never produces 421s), and keeps the
 * request's AES key only inside the returned {@link OpenedEnvelope}.
 */
public final class FlowEnvelopeCipher implements EnvelopeCipher {

    static final int AES_KEY_BYTES = 16;

    private final List<KeyUnwrapper> unwrappers;
    private final AesGcmPayloadCipher payloadCipher;
    private final RsaCost rsaCost = new RsaCost();

    /**
     * @param privateKeys the business private keys, newest first
     * @param provider    the JCA provider for RSA and AES, or {@code null} for the JDK's
     */
    public FlowEnvelopeCipher(List<RSAPrivateCrtKey> privateKeys, Provider provider) {
        this(privateKeys.stream().<KeyUnwrapper>map(key -> new RsaOaepKeyUnwrapper(key, provider)).toList(),
                new AesGcmPayloadCipher(provider));
    }

    /** With given unwrappers: lets tests hold the unwrapped key's array and see it wiped. */
    static FlowEnvelopeCipher withUnwrappers(List<KeyUnwrapper> unwrappers, Provider provider) {
        return new FlowEnvelopeCipher(unwrappers, new AesGcmPayloadCipher(provider));
    }

    private FlowEnvelopeCipher(List<KeyUnwrapper> unwrappers, AesGcmPayloadCipher payloadCipher) {
        if (unwrappers.isEmpty()) {
            throw new IllegalArgumentException("at least one private key is needed");
        }
        this.unwrappers = List.copyOf(unwrappers);
        this.payloadCipher = payloadCipher;
    }

    @Override
    public OpenedEnvelope open(EncryptedEnvelope envelope) throws EnvelopeDecryptionException {
        byte[] wrappedKey = decode(envelope.encryptedAesKey(), "encrypted_aes_key");
        byte[] iv = decode(envelope.initialVector(), "initial_vector");
        byte[] data = decode(envelope.encryptedFlowData(), "encrypted_flow_data");
        if (iv.length != AesGcmPayloadCipher.IV_BYTES) {
            throw new EnvelopeDecryptionException("initial_vector is " + iv.length + " bytes, expected 16");
        }
        if (data.length < AesGcmPayloadCipher.TAG_BYTES) {
            throw new EnvelopeDecryptionException("encrypted_flow_data is " + data.length
                    + " bytes, shorter than the 16-byte GCM tag");
        }
        byte[] aesKey = unwrapKey(wrappedKey);
        boolean handedOver = false;
        try {
            var opened = new Opened(payloadCipher.decrypt(aesKey, iv, data), aesKey, iv, payloadCipher);
            handedOver = true;
            return opened;
        } catch (GeneralSecurityException e) {
            throw new EnvelopeDecryptionException("encrypted_flow_data failed AES-GCM authentication ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            // Every way out but the hand-over wipes the key, a provider's RuntimeException included.
            if (!handedOver) {
                Arrays.fill(aesKey, (byte) 0);
            }
        }
    }

    private byte[] unwrapKey(byte[] wrappedKey) throws EnvelopeDecryptionException {
        String lastFailure = "";
        for (KeyUnwrapper unwrapper : unwrappers) {
            if (wrappedKey.length != unwrapper.modulusBytes()) {
                lastFailure = "encrypted_aes_key is " + wrappedKey.length + " bytes, expected "
                        + unwrapper.modulusBytes() + " for a " + unwrapper.modulusBytes() * 8 + "-bit key";
                continue;
            }
            byte[] aesKey;
            long started = rsaCost.start();
            try {
                aesKey = unwrapper.unwrap(wrappedKey);
            } catch (GeneralSecurityException e) {
                lastFailure = "encrypted_aes_key does not unwrap with the configured private key"
                        + (unwrappers.size() > 1 ? "s" : "") + " (RSA-OAEP-SHA256; was the public key uploaded"
                        + " to Meta for this phone number the one that matches?)";
                continue;
            } finally {
                rsaCost.add(started);
            }
            if (aesKey.length != AES_KEY_BYTES) {
                Arrays.fill(aesKey, (byte) 0);
                throw new EnvelopeDecryptionException("the unwrapped AES key is " + aesKey.length + " bytes, expected 16");
            }
            return aesKey;
        }
        throw new EnvelopeDecryptionException(lastFailure);
    }

    /** What the RSA operations of this cipher have cost so far (exported as metrics). */
    public RsaCost rsaCost() {
        return rsaCost;
    }

    private static byte[] decode(String base64, String field) throws EnvelopeDecryptionException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeDecryptionException(field + " is not standard base64");
        }
    }

    /**
     * A decrypted request and the key material its response needs: sealed at most once, and wiped by the seal
     * or by {@link #close()}, whichever comes first.
     */
    private static final class Opened implements OpenedEnvelope {
        private final byte[] plaintext;
        private final byte[] aesKey;
        private final byte[] iv;
        private final AesGcmPayloadCipher cipher;
        /** Set once the key is wiped; a seal after that would encrypt under sixteen zero bytes. */
        private boolean spent;

        private Opened(byte[] plaintext, byte[] aesKey, byte[] iv, AesGcmPayloadCipher cipher) {
            this.plaintext = plaintext;
            this.aesKey = aesKey;
            this.iv = iv;
            this.cipher = cipher;
        }

        @Override
        public byte[] plaintext() {
            return plaintext;
        }

        @Override
        public synchronized String sealResponse(byte[] responsePlaintext) {
            if (spent) {
                throw new IllegalStateException("this request's response was already sealed, or its envelope closed:"
                        + " its AES key is wiped");
            }
            spent = true;
            try {
                return Base64.getEncoder().encodeToString(
                        cipher.encryptResponseWithFlippedIv(aesKey, iv, responsePlaintext));
            } catch (GeneralSecurityException e) {
                // Encryption with a key and IV that just decrypted cannot fail short of a broken provider.
                throw new IllegalStateException("AES-GCM encryption of the response failed", e);
            } finally {
                Arrays.fill(aesKey, (byte) 0);
            }
        }

        @Override
        public synchronized void close() {
            spent = true;
            Arrays.fill(aesKey, (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }

        @Override
        public String toString() {
            return "OpenedEnvelope[" + plaintext.length + " bytes, key redacted]";
        }
    }
}
