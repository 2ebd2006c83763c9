package io.flowgate.core.service;

import io.flowgate.core.port.out.RequestSignatures;

import java.util.Optional;
import java.util.OptionalInt;

/** Signature checks for core's tests: off, or on with one "secret" whose signature is the literal text "good". */
final class NoSignatures implements RequestSignatures {

    private final boolean enabled;

    private NoSignatures(boolean enabled) {
        this.enabled = enabled;
    }

    static RequestSignatures off() {
        return new NoSignatures(false);
    }

    static RequestSignatures acceptingOnlyGood() {
        return new NoSignatures(true);
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public OptionalInt matchingSecret(byte[] body, String header) {
        return "good".equals(header) ? OptionalInt.of(0) : OptionalInt.empty();
    }

    @Override
    public Optional<byte[]> verifiedJwtPayload(String jwt) {
        return Optional.empty();
    }

    /** Signatures on, and every check fails with {@code failure}: a broken dependency, not a bad signature. */
    static final class Throwing implements RequestSignatures {
        private final RuntimeException failure;

        Throwing(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public OptionalInt matchingSecret(byte[] body, String header) {
            throw failure;
        }

        @Override
        public Optional<byte[]> verifiedJwtPayload(String jwt) {
            throw failure;
        }
    }
}
