package io.flowgate.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JwtVerificationTest {

    @Test
    void onlyAJwtSignedWithAConfiguredSecretYieldsItsPayload() throws Exception {
        JsonNode vectors = new ObjectMapper().readTree(TestVectors.text("/vectors/jwt.json"));
        var verifier = new HubSignatureVerifier(List.of("newer-secret", vectors.get(0).get("app_secret").asText()));

        for (JsonNode vector : vectors) {
            var payload = verifier.verifiedJwtPayload(vector.get("jwt").asText());
            if (vector.get("name").asText().equals("valid")) {
                assertThat(payload).isPresent();
                assertThat(new String(payload.get(), StandardCharsets.UTF_8)).isEqualTo(vector.get("payload").asText());
            } else {
                assertThat(payload).as(vector.get("name").asText()).isEmpty();
            }
        }
    }

    @Test
    void junkIsNotAJwt() {
        var verifier = new HubSignatureVerifier(List.of("s"));

        for (String junk : new String[]{null, "", "a.b", "a.b.c.d", "%%.%%.%%", "e30.e30."}) {
            assertThat(verifier.verifiedJwtPayload(junk)).as(String.valueOf(junk)).isEmpty();
        }
    }
}
