package io.flowgate.crypto;

import java.security.GeneralSecurityException;

/** Unwraps a request's AES key with one private key: RSA-OAEP in production, a stand-in in tests. */
interface KeyUnwrapper {

    /** The size every wrapped key must have: the RSA modulus in bytes (256 for a 2048-bit key). */
    int modulusBytes();

    /** The AES key; the caller owns the returned array and wipes it. */
    byte[] unwrap(byte[] wrappedKey) throws GeneralSecurityException;
}
