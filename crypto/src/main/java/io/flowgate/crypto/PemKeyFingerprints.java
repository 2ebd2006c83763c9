package io.flowgate.crypto;

import io.flowgate.core.port.out.KeyFingerprints;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;

/**
 * Fingerprints of PEM public keys as {@link PublicKeys#fingerprint} computes them, whether the PEM is SPKI
 * ({@code BEGIN PUBLIC KEY}) or PKCS#1 ({@code BEGIN RSA PUBLIC KEY}): the same key gives the same fingerprint.
 */
public final class PemKeyFingerprints implements KeyFingerprints {

    @Override
    public String fingerprint(String publicKeyPem) {
        return PublicKeys.fingerprint(parse(publicKeyPem));
    }

    /** @throws IllegalArgumentException when the text holds no RSA public key */
    public static java.security.interfaces.RSAPublicKey parse(String publicKeyPem) {
        // Meta returns the PEM it was given; some tools send it with literal "\n" sequences.
        String pem = publicKeyPem.replace("\\n", "\n");
        try (var parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            RSAPublicKey rsa;
            if (object instanceof SubjectPublicKeyInfo info) {
                rsa = RSAPublicKey.getInstance(info.parsePublicKey());
            } else if (object instanceof RSAPublicKey pkcs1) {
                rsa = pkcs1;
            } else {
                throw new IllegalArgumentException("not a PEM RSA public key");
            }
            return (java.security.interfaces.RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("not a PEM RSA public key (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
