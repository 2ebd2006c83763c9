package io.flowgate.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HubSignatureVerifierTest {

    @Test
    void acceptsTheIndependentlyComputedHeaders() throws Exception {
        for (JsonNode vector : new ObjectMapper().readTree(TestVectors.text("/vectors/signatures.json"))) {
            var verifier = new HubSignatureVerifier(List.of(vector.get("app_secret").asText()));
            byte[] body = vector.get("raw_body").asText().getBytes(StandardCharsets.UTF_8);

            assertThat(verifier.verify(body, vector.get("header").asText())).isTrue();
            assertThat(verifier.verify((vector.get("raw_body").asText() + " ").getBytes(StandardCharsets.UTF_8),
                    vector.get("header").asText())).as("one byte more").isFalse();
        }
    }

    @Test
    void duringARotationEitherSecretIsAccepted() throws Exception {
        JsonNode vector = new ObjectMapper().readTree(TestVectors.text("/vectors/signatures.json")).get(0);
        byte[] body = vector.get("raw_body").asText().getBytes(StandardCharsets.UTF_8);

        assertThat(new HubSignatureVerifier(List.of("the-new-secret", vector.get("app_secret").asText()))
                .matchingSecret(body, vector.get("header").asText())).hasValue(1);
        assertThat(new HubSignatureVerifier(List.of("the-new-secret")).verify(body, vector.get("header").asText())).isFalse();
    }

    @Test
    void malformedHeadersAreRejectedNotThrown() throws Exception {
        JsonNode vector = new ObjectMapper().readTree(TestVectors.text("/vectors/signatures.json")).get(0);
        var verifier = new HubSignatureVerifier(List.of(vector.get("app_secret").asText()));
        byte[] body = vector.get("raw_body").asText().getBytes(StandardCharsets.UTF_8);
        String hex = vector.get("header").asText().substring("sha256=".length());

        for (String header : new String[]{null, "", hex, "sha1=" + hex, "sha256=" + hex.substring(2),
                "sha256=" + hex + "00", "sha256=" + "zz" + hex.substring(2), "SHA256=" + hex}) {
            assertThat(verifier.verify(body, header)).as(String.valueOf(header)).isFalse();
        }
    }

    @Test
    void withoutSecretsNothingIsChecked() {
        assertThat(new HubSignatureVerifier(List.of()).enabled()).isFalse();
        assertThat(new HubSignatureVerifier(List.of("s")).enabled()).isTrue();
    }
}
