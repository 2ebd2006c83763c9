package io.flowgate.core.port.in;

import io.flowgate.core.domain.GraphCallException;

import java.util.Optional;

/**
 * The business public key at Meta, per phone number: upload this server's key, and check that Meta serves it
 * with a valid signature. Any difference makes WhatsApp encrypt for a key the server cannot use: 421 loops.
 */
public interface ManageBusinessKeys {

    /** What a check found, worst first. */
    enum Verdict {
        /** Meta has no key for the number. */
        NO_KEY,
        /** Meta serves another key than this server's. */
        OTHER_KEY,
        /** Meta's signature of the key is not VALID (MISMATCH after a re-registration or a migration). */
        SIGNATURE_NOT_VALID,
        /** Meta serves this server's key, signed VALID. */
        SAME_KEY_VALID
    }

    /**
     * @param metaFingerprint the fingerprint of Meta's key; empty when Meta has none (or it is not a readable key)
     * @param signatureStatus Meta's {@code business_public_key_signature_status}, empty when absent
     */
    record KeyCheck(String phoneNumberId, String ourFingerprint, Optional<String> metaFingerprint,
                    String signatureStatus, Verdict verdict) {

        public boolean ok() {
            return verdict == Verdict.SAME_KEY_VALID;
        }

        /** One sentence an operator can act on. */
        public String explanation() {
            return switch (verdict) {
                case NO_KEY -> "Meta has no business public key for phone number " + phoneNumberId + ": WhatsApp"
                        + " cannot encrypt requests for this endpoint (421s, alert public-key-missing); upload it with"
                        + " ./flowgate keys upload --phone-number-id " + phoneNumberId;
                case OTHER_KEY -> "Meta serves another key for phone number " + phoneNumberId + " than this server's:"
                        + " every request is encrypted for a key this server does not hold, so each gets 421 and the"
                        + " client loops; upload this server's key with ./flowgate keys upload --phone-number-id "
                        + phoneNumberId + ", or configure the private key that belongs to Meta's";
                case SIGNATURE_NOT_VALID -> "Meta's signature of the key for phone number " + phoneNumberId + " is "
                        + (signatureStatus.isEmpty() ? "missing" : signatureStatus) + " (the number was re-registered or"
                        + " migrated after the upload): clients refuse the key and requests loop on 421; upload it"
                        + " again with ./flowgate keys upload --phone-number-id " + phoneNumberId;
                case SAME_KEY_VALID -> "Meta serves this server's key for phone number " + phoneNumberId
                        + ", and its signature is VALID";
            };
        }
    }

    /** Uploads this server's public key for one phone number (Meta signs it on upload). */
    void upload(String phoneNumberId, String publicKeyPem) throws GraphCallException;

    /** Compares the key Meta serves for the number with {@code ourPublicKeyPem}, by fingerprint. */
    KeyCheck check(String phoneNumberId, String ourPublicKeyPem) throws GraphCallException;
}
