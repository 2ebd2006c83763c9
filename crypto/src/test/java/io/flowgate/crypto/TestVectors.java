package io.flowgate.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.core.domain.EncryptedEnvelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The independent known-answer vectors (copied from shared/test-vectors into test resources). */
final class TestVectors {

    record Envelope(String name, EncryptedEnvelope request, String decryptedPayload, String responsePlaintext,
                    String responseBody) {
        boolean mustFail() {
            return responsePlaintext == null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private TestVectors() {
    }

    static Path key(String fileName) {
        try {
            return Path.of(TestVectors.class.getResource("/vectors/keys/" + fileName).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static char[] passphrase() {
        return text("/vectors/keys/passphrase.txt").strip().toCharArray();
    }

    static List<Envelope> envelopes() {
        List<Envelope> result = new ArrayList<>();
        try {
            for (JsonNode node : new ObjectMapper().readTree(text("/vectors/envelopes.json"))) {
                JsonNode body = node.get("request_body");
                result.add(new Envelope(node.get("name").asText(),
                        new EncryptedEnvelope(body.get("encrypted_flow_data").asText(),
                                body.get("encrypted_aes_key").asText(), body.get("initial_vector").asText()),
                        node.get("decrypted_payload").asText(),
                        node.hasNonNull("response_plaintext") ? node.get("response_plaintext").asText() : null,
                        node.hasNonNull("response_body") ? node.get("response_body").asText() : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    static Envelope envelope(String name) {
        return envelopes().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    static String text(String resource) {
        try (InputStream in = TestVectors.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
