package io.flowgate.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Writes PEM blocks: 64-character base64 lines between BEGIN and END markers (RFC 7468). */
final class Pem {

    private Pem() {
    }

    static String encode(String label, byte[] der) {
        String body = new String(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(der),
                StandardCharsets.US_ASCII);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
