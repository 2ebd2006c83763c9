package io.flowgate.core.domain;

import java.util.Objects;

/**
 * The three base64 fields WhatsApp POSTs to the data endpoint, as received (not yet decoded: a field
 * that is not valid base64 is a decryption failure, answered with 421, not a malformed body).
 */
public record EncryptedEnvelope(String encryptedFlowData, String encryptedAesKey, String initialVector) {
    public EncryptedEnvelope {
        Objects.requireNonNull(encryptedFlowData, "encrypted_flow_data");
        Objects.requireNonNull(encryptedAesKey, "encrypted_aes_key");
        Objects.requireNonNull(initialVector, "initial_vector");
    }

    @Override
    public String toString() {
        return "EncryptedEnvelope[" + encryptedFlowData.length() + " chars of flow data]";
    }
}
