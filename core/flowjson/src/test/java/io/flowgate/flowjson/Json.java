package io.flowgate.flowjson;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Test fixtures: JSON read with Jackson into the plain Java values the JsonCodec port produces. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private Json() {
    }

    /** A JSON object from the test resources, e.g. {@code flows/booking.json}. */
    static Map<String, Object> resource(String name) {
        try (InputStream in = Json.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return MAPPER.readValue(in, OBJECT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> parse(String json) {
        try {
            return MAPPER.readValue(json, OBJECT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A flow that must compile; its warnings are not looked at. */
    static CompiledFlow compiled(String resource) {
        Compilation compilation = FlowJsonCompiler.compile(resource(resource));
        if (compilation.flow().isEmpty()) {
            throw new AssertionError(resource + " does not compile: " + compilation.errors());
        }
        return compilation.flow().get();
    }
}
