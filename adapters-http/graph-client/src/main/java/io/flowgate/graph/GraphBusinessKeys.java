package io.flowgate.graph;

import io.flowgate.core.domain.GraphCallException;
import io.flowgate.core.port.out.BusinessKeys;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /{phone-number-id}/whatsapp_business_encryption}: upload the business public key, read Meta's. */
public final class GraphBusinessKeys implements BusinessKeys {

    private final GraphApi graph;

    public GraphBusinessKeys(GraphApi graph) {
        this.graph = graph;
    }

    /** Form-encoded, as Meta's reference documents it; repeating the same upload is harmless. */
    @Override
    public void upload(String phoneNumberId, String publicKeyPem) throws GraphCallException {
        String call = "uploading the business public key for phone number " + phoneNumberId;
        Map<String, Object> answer = graph.postForm(GraphPaths.segment(phoneNumberId) + "/whatsapp_business_encryption",
                Map.of("business_public_key", publicKeyPem), GraphApi.Repeat.SAFE, call);
        if (!Boolean.TRUE.equals(answer.get("success"))) {
            throw new GraphCallException(call + ": Meta did not answer {\"success\": true}", (Throwable) null);
        }
    }

    /** Meta's reference shows a flat object, its Postman collection {@code {"data": [...]}}: both are read. */
    @Override
    @SuppressWarnings("unchecked")
    public MetaKey read(String phoneNumberId) throws GraphCallException {
        Map<String, Object> answer = graph.get(GraphPaths.segment(phoneNumberId) + "/whatsapp_business_encryption", "",
                "reading the business public key of phone number " + phoneNumberId);
        Map<String, Object> key = answer;
        if (answer.get("data") instanceof List<?> data) {
            key = data.isEmpty() || !(data.getFirst() instanceof Map<?, ?> first) ? Map.of() : (Map<String, Object>) first;
        }
        Optional<String> pem = key.get("business_public_key") instanceof String text && !text.isBlank()
                ? Optional.of(text) : Optional.empty();
        return new MetaKey(pem, GraphApi.text(key.get("business_public_key_signature_status")));
    }
}
