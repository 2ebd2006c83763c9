package io.flowgate.core.domain;

import java.util.Map;

/**
 * Reads the request envelope strictly: a JSON object whose three fields are strings. Unknown extra fields
 * are tolerated so that an addition on Meta's side does not take the endpoint down.
 */
public final class EnvelopeParser {

    private EnvelopeParser() {
    }

    public static EncryptedEnvelope parse(Map<String, Object> body) throws MalformedRequestException {
        return new EncryptedEnvelope(field(body, "encrypted_flow_data"), field(body, "encrypted_aes_key"),
                field(body, "initial_vector"));
    }

    private static String field(Map<String, Object> body, String name) throws MalformedRequestException {
        Object value = body.get(name);
        if (value == null) {
            throw new MalformedRequestException("the envelope has no \"" + name + "\"");
        }
        if (!(value instanceof String text)) {
            throw new MalformedRequestException("\"" + name + "\" must be a base64 string");
        }
        return text;
    }
}
