package io.flowgate.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.flowgate.core.port.out.JsonCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON as the server reads it (duplicate keys refused, nothing after the object), so the in-process tester
 * sees the same plain Java values a request and an answer have after their trip over the wire.
 */
final class TesterJson implements JsonCodec {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @Override
    public Map<String, Object> readObject(byte[] utf8Json) throws MalformedJsonException {
        try {
            Map<String, Object> object = mapper.readValue(utf8Json, OBJECT);
            if (object == null) {
                throw new MalformedJsonException("the top level is null, not an object");
            }
            return object;
        } catch (IOException e) {
            throw new MalformedJsonException(e instanceof JsonProcessingException json ? json.getOriginalMessage() : String.valueOf(e));
        }
    }

    @Override
    public byte[] writeObject(Map<String, Object> object) {
        try {
            return mapper.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not writable as JSON", e);
        }
    }

    /** The values as the other side of the wire reads them. */
    Map<String, Object> roundTrip(Map<String, Object> object) {
        try {
            return readObject(writeObject(object));
        } catch (MalformedJsonException e) {
            throw new IllegalStateException("JSON written here could not be read back: " + e.getMessage(), e);
        }
    }
}
