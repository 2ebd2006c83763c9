package io.flowgate.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublicKeysTest {

    @Test
    void theFingerprintMatchesWhatOpensslComputesForThePublicKey() throws Exception {
        // openssl pkey -pubin -in public.pem -outform DER | openssl dgst -sha256 -binary | base64
        String fromOpenssl = "Q3bdtskAcw1J8SxrosX9byaLXWwe52gsJkrBCxhiXxw";
        var key = PemPrivateKeyReader.read(TestVectors.key("private-pkcs1.pem"), null);

        assertThat(PublicKeys.fingerprint(PublicKeys.of(key))).isEqualTo("SHA256:" + fromOpenssl);
    }
}
