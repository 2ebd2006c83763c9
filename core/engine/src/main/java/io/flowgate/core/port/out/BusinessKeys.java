package io.flowgate.core.port.out;

import io.flowgate.core.domain.GraphCallException;

import java.util.Optional;

/** The business public key Meta serves for a phone number ({@code /{phone-number-id}/whatsapp_business_encryption}). */
public interface BusinessKeys {

    /**
     * @param publicKeyPem    the key Meta holds, empty when none was uploaded
     * @param signatureStatus {@code business_public_key_signature_status}: VALID or MISMATCH; empty when absent
     */
    record MetaKey(Optional<String> publicKeyPem, String signatureStatus) {
    }

    void upload(String phoneNumberId, String publicKeyPem) throws GraphCallException;

    MetaKey read(String phoneNumberId) throws GraphCallException;
}
