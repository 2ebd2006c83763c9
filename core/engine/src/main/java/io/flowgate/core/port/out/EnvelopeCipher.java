package io.flowgate.core.port.out;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.EncryptedEnvelope;

/** Opens WhatsApp's request envelopes and seals the responses (protocol.md section 2). */
public interface EnvelopeCipher {

    /**
     * Unwraps the AES key with the business private key and decrypts the flow data.
     *
     * @throws EnvelopeDecryptionException when any field is not valid base64, has the wrong length, or fails
     *                                     RSA or GCM authentication (the client should refresh the key)
     * @throws CryptoOverloadedException   when too many requests already wait for decryption
     */
    OpenedEnvelope open(EncryptedEnvelope envelope) throws EnvelopeDecryptionException, CryptoOverloadedException;

    /**
     * As {@link #open(EncryptedEnvelope)}, giving up when the deadline passes first. A cipher that never waits
     * (it decrypts on the caller's thread) has nothing to bound and ignores the deadline.
     *
     * @throws DeadlineExceededException when the deadline passed while the request waited for a worker
     */
    default OpenedEnvelope open(EncryptedEnvelope envelope, Deadline deadline)
            throws EnvelopeDecryptionException, CryptoOverloadedException, DeadlineExceededException {
        return open(envelope);
    }

    /**
     * A decrypted request, holding the request's AES key and IV until the response is sealed. Close it when
     * the request ends, sealed or not: that wipes the key and the plaintext.
     */
    interface OpenedEnvelope extends AutoCloseable {

        /** The decrypted request JSON as UTF-8 bytes. */
        byte[] plaintext();

        /**
         * Encrypts the response under the request's key and bit-flipped IV; returns the base64 body. Works once:
         * the key is wiped afterwards, whether encryption succeeded or not.
         *
         * @throws IllegalStateException when the response was already sealed or the envelope is closed (the
         *                               key is gone: encrypting under it would produce garbage, or worse)
         */
        String sealResponse(byte[] responsePlaintext);

        /** Wipes the key and the plaintext; for requests that end without a response, harmless after one. */
        @Override
        void close();
    }
}
