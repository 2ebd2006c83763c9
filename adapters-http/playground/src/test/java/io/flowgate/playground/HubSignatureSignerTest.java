package io.flowgate.playground;

import io.flowgate.crypto.HubSignatureVerifier;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What the playground signs, the server's own verifier accepts, exactly as it accepts Meta's requests. */
class HubSignatureSignerTest {

    private static final byte[] BODY = "{\"encrypted_flow_data\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theServersVerifierAcceptsTheSignatureOfTheNewestSecret() {
        var verifier = new HubSignatureVerifier(List.of("newest-secret", "older-secret"));

        String header = new HubSignatureSigner(Optional.of("newest-secret")).header(BODY).orElseThrow();

        assertThat(header).matches("sha256=[0-9a-f]{64}");
        assertThat(verifier.matchingSecret(BODY, header)).hasValue(0);
    }

    @Test
    void anotherBodyOrSecretDoesNotVerify() {
        var verifier = new HubSignatureVerifier(List.of("newest-secret"));
        String header = new HubSignatureSigner(Optional.of("newest-secret")).header(BODY).orElseThrow();

        assertThat(verifier.matchingSecret("{}".getBytes(StandardCharsets.UTF_8), header)).isEmpty();
        assertThat(verifier.matchingSecret(BODY, new HubSignatureSigner(Optional.of("other")).header(BODY).orElseThrow()))
                .isEmpty();
    }

    @Test
    void withoutAnAppSecretNothingIsSigned() {
        assertThat(new HubSignatureSigner(Optional.empty()).header(BODY)).isEmpty();
        assertThat(new HubSignatureSigner(Optional.of("")).header(BODY)).isEmpty();
    }
}
