package io.flowgate.core.port.out;

/** Fingerprints of public keys, so the key Meta serves can be compared with ours whatever its PEM layout. */
public interface KeyFingerprints {

    /** @throws IllegalArgumentException when the text is not a PEM RSA public key */
    String fingerprint(String publicKeyPem);
}
