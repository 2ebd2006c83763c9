package io.flowgate.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
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
 * string and number length, the number of tokens, duplicate keys refused (two values for one key would let a
 * signature cover one meaning and the handler see another).
 */
public final class JacksonJsonCodec implements JsonCodec {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    /**
     * What one document may hold.
     *
     * @param maxTokens       keys, values and brackets together: what bounds the parser's work, and the size
     *                        of the maps it builds, however the bytes are spent
     * @param maxNestingDepth objects and arrays inside each other
     */
    public record Limits(long maxTokens, int maxNestingDepth) {

        /**
         * For data-endpoint envelopes and payloads and for admin bodies. A real Flow payload is a few KB and
         * a few hundred tokens: a screen's form is a few dozen fields, and even a picker with 30 uploads adds
         * about 25 tokens per file (750). 10,000 tokens is well above that, and far below the tens of thousands
         * of keys that slowed pings to seconds while every request waited for such payloads to be parsed.
         */
        public static final Limits FLOW_PAYLOADS = new Limits(10_000, 64);

        /**
         * For webhook deliveries: Meta batches updates into bodies of up to 3 MB, signed (checked before
         * parsing), with ten or so bytes per token; 500,000 tokens admits any such delivery.
         */
        public static final Limits WEBHOOK_DELIVERIES = new Limits(500_000, 64);

        public Limits {
            if (maxTokens < 1 || maxNestingDepth < 1) {
                throw new IllegalArgumentException("JSON limits must be positive");
            }
        }
    }

    private final ObjectMapper mapper;
    private final ObjectMapper trailingCommas;
    private final Limits limits;

    /** With {@link Limits#FLOW_PAYLOADS}. */
    public JacksonJsonCodec() {
        this(Limits.FLOW_PAYLOADS);
    }

    public JacksonJsonCodec(Limits limits) {
        this.limits = limits;
        this.mapper = newMapper(limits);
        // Jackson's own feature, rather than editing the bytes: it knows which commas are inside strings.
        this.trailingCommas = newMapper(limits, true);
    }

    /** The mapper settings every JSON reader in the server shares, with {@link Limits#FLOW_PAYLOADS}. */
    public static ObjectMapper newMapper() {
        return newMapper(Limits.FLOW_PAYLOADS);
    }

    public static ObjectMapper newMapper(Limits limits) {
        return newMapper(limits, false);
    }

    private static ObjectMapper newMapper(Limits limits, boolean allowTrailingCommas) {
        var factoryBuilder = new com.fasterxml.jackson.core.JsonFactoryBuilder();
        if (allowTrailingCommas) {
            factoryBuilder.enable(JsonReadFeature.ALLOW_TRAILING_COMMA);
        }
        JsonFactory factory = factoryBuilder
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxTokenCount(limits.maxTokens())
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
        return read(mapper, utf8Json);
    }

    @Override
    public Map<String, Object> readObjectAllowingTrailingCommas(byte[] utf8Json) throws MalformedJsonException {
        return read(trailingCommas, utf8Json);
    }

    private Map<String, Object> read(ObjectMapper mapper, byte[] utf8Json) throws MalformedJsonException {
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
            throw new MalformedJsonException(problem(e) + location(e));
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

    private String problem(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        return switch (e) {
            case JsonEOFException ignored -> "the JSON ends early";
            case StreamConstraintsException ignored -> limitExceeded(message);
            case MismatchedInputException ignored -> "the top level is not an object";
            default -> message.startsWith("Duplicate field") ? "a key appears twice" : "malformed JSON";
        };
    }

    /** Which limit, in our words: Jackson's message is matched on its start only, never repeated. */
    private String limitExceeded(String jacksonMessage) {
        if (jacksonMessage.startsWith("Token count")) {
            return "the JSON has more than " + limits.maxTokens() + " tokens (keys, values and brackets)";
        }
        if (jacksonMessage.startsWith("Document nesting depth")) {
            return "the JSON is nested more than " + limits.maxNestingDepth() + " levels deep";
        }
        return "the JSON exceeds a limit (string or number length)";
    }

    private static String location(JsonProcessingException e) {
        var location = e.getLocation();
        // Jackson knows no position for some limits (the token count): then none is named.
        return location == null || location.getByteOffset() < 0 ? "" : " at byte " + location.getByteOffset();
    }
}
