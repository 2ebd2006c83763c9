package io.flowgate.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.core.StreamReadConstraints;
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
 * JSON for everything that crosses the wire, with limits that hold against hostile input: nesting depth,
 * string and number length, duplicate keys refused (two values for one key would let a signature cover
 * one meaning and the handler see another).
 */
public final class JacksonJsonCodec implements JsonCodec {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public JacksonJsonCodec() {
        this.mapper = newMapper();
    }

    /** The mapper settings every JSON reader in the server shares. */
    public static ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxStringLength(4 * 1024 * 1024)
                        .maxNumberLength(64)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    @Override
    public Map<String, Object> readObject(byte[] utf8Json) throws MalformedJsonException {
        if (utf8Json.length == 0) {
            throw new MalformedJsonException("empty");
        }
        try {
            Map<String, Object> object = mapper.readValue(utf8Json, OBJECT);
            if (object == null) {
                throw new MalformedJsonException("the top level is null, not an object");
            }
            return object;
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending input; say what is wrong and where, nothing more.
            throw new MalformedJsonException(problem(e) + " at " + location(e));
        } catch (IOException e) {
            throw new MalformedJsonException("not UTF-8 JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public byte[] writeObject(Map<String, Object> object) {
        try {
            return mapper.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a reply could not be written as JSON", e);
        }
    }

    private static String problem(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        return switch (e) {
            case JsonEOFException ignored -> "the JSON ends early";
            case StreamConstraintsException ignored -> "the JSON exceeds a limit (nesting depth, string or number length)";
            case MismatchedInputException ignored -> "the top level is not an object";
            default -> message.startsWith("Duplicate field") ? "a key appears twice" : "malformed JSON";
        };
    }

    private static String location(JsonProcessingException e) {
        var location = e.getLocation();
        return location == null ? "an unknown position" : "byte " + location.getByteOffset();
    }
}
