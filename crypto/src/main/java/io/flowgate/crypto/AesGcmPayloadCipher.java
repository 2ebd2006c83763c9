package io.flowgate.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.Provider;

/**
 * AES-128-GCM as WhatsApp Flows uses it: a 16-byte IV (not the usual 12), the 16-byte tag appended to the
 * ciphertext, no associated data.
 */
final class AesGcmPayloadCipher {

    static final int IV_BYTES = 16;
    static final int TAG_BYTES = 16;
    private static final int TAG_BITS = TAG_BYTES * 8;

    /** Enough for the decryption workers and the requests sealing their answers at the same moment. */
    private static final int POOLED_CIPHERS = 32;

    private final CipherPool ciphers;

    AesGcmPayloadCipher(Provider provider) {
        this.ciphers = new CipherPool("AES/GCM/NoPadding", provider, POOLED_CIPHERS);
    }

    byte[] decrypt(byte[] aesKey, byte[] iv, byte[] ciphertextWithTag) throws GeneralSecurityException {
        Cipher gcm = ciphers.borrow();
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        byte[] plaintext = gcm.doFinal(ciphertextWithTag);
        ciphers.giveBack(gcm);
        return plaintext;
    }

    /**
     * Encrypts the response under the request's key with the request IV's bits inverted (protocol.md 2.3).
     * Reusing the request key is what the protocol demands; flipping the IV is what keeps the (key, nonce)
     * pair of the response distinct from the request's. This is the only encrypt operation on purpose: there
     * is no API for a caller-chosen nonce.
     */
    byte[] encryptResponseWithFlippedIv(byte[] aesKey, byte[] requestIv, byte[] plaintext) throws GeneralSecurityException {
        Cipher gcm = ciphers.borrow();
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, flip(requestIv)));
        byte[] ciphertext = gcm.doFinal(plaintext);
        ciphers.giveBack(gcm);
        return ciphertext;
    }

    static byte[] flip(byte[] iv) {
        byte[] flipped = new byte[iv.length];
        for (int i = 0; i < iv.length; i++) {
            flipped[i] = (byte) ~iv[i];
        }
        return flipped;
    }
}
