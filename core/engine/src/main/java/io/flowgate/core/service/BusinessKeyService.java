package io.flowgate.core.service;

import io.flowgate.core.domain.GraphCallException;
import io.flowgate.core.port.in.ManageBusinessKeys;
import io.flowgate.core.port.out.BusinessKeys;
import io.flowgate.core.port.out.KeyFingerprints;

import java.util.Objects;
import java.util.Optional;

/** Uploads the business public key to Meta and checks what Meta serves, by fingerprint. */
public final class BusinessKeyService implements ManageBusinessKeys {

    private final BusinessKeys keys;
    private final KeyFingerprints fingerprints;

    public BusinessKeyService(BusinessKeys keys, KeyFingerprints fingerprints) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.fingerprints = Objects.requireNonNull(fingerprints, "fingerprints");
    }

    @Override
    public void upload(String phoneNumberId, String publicKeyPem) throws GraphCallException {
        keys.upload(phoneNumberId, publicKeyPem);
    }

    @Override
    public KeyCheck check(String phoneNumberId, String ourPublicKeyPem) throws GraphCallException {
        String ours = fingerprints.fingerprint(ourPublicKeyPem);
        BusinessKeys.MetaKey meta = keys.read(phoneNumberId);
        Optional<String> theirs = meta.publicKeyPem().filter(pem -> !pem.isBlank()).flatMap(this::fingerprintOf);
        Verdict verdict;
        if (meta.publicKeyPem().filter(pem -> !pem.isBlank()).isEmpty()) {
            verdict = Verdict.NO_KEY;
        } else if (theirs.isEmpty() || !theirs.get().equals(ours)) {
            verdict = Verdict.OTHER_KEY;
        } else if (!meta.signatureStatus().equals("VALID")) {
            verdict = Verdict.SIGNATURE_NOT_VALID;
        } else {
            verdict = Verdict.SAME_KEY_VALID;
        }
        return new KeyCheck(phoneNumberId, ours, theirs, meta.signatureStatus(), verdict);
    }

    /** A key Meta serves that is not a readable RSA key is as good as another key: it cannot be ours. */
    private Optional<String> fingerprintOf(String pem) {
        try {
            return Optional.of(fingerprints.fingerprint(pem));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
