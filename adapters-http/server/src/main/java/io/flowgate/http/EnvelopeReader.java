package io.flowgate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.core.domain.EncryptedEnvelope;
import io.flowgate.http.json.JacksonJsonCodec;

import java.io.IOException;

/**
 * Reads the request envelope strictly: a JSON object whose three fields are strings. Unknown extra fields
 * are tolerated so that an addition on Meta's side does not take the endpoint down.
 */
final class EnvelopeReader {

    /** The body is not the envelope; the message says what is wrong and quotes nothing of the body. */
    static final class NotAnEnvelopeException extends Exception {
        NotAnEnvelopeException(String message) {
            super(message);
        }
    }

    private final ObjectMapper mapper = JacksonJsonCodec.newMapper();

    EncryptedEnvelope read(byte[] body) throws NotAnEnvelopeException {
        if (body.length == 0) {
            throw new NotAnEnvelopeException("the request body is empty; expected the encrypted envelope JSON");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new NotAnEnvelopeException("the request body is not JSON (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new NotAnEnvelopeException("the request body is not UTF-8 JSON");
        }
        if (root == null || !root.isObject()) {
            throw new NotAnEnvelopeException("the request body is not a JSON object");
        }
        return new EncryptedEnvelope(field(root, "encrypted_flow_data"), field(root, "encrypted_aes_key"),
                field(root, "initial_vector"));
    }

    private static String field(JsonNode root, String name) throws NotAnEnvelopeException {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            throw new NotAnEnvelopeException("the envelope has no \"" + name + "\"");
        }
        if (!value.isTextual()) {
            throw new NotAnEnvelopeException("\"" + name + "\" must be a base64 string");
        }
        return value.textValue();
    }
}
