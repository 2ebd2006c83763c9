package io.flowgate.core.port.out;

import java.util.Map;

/** Reads and writes JSON objects as plain Java values (String, Boolean, numbers, List, Map). */
public interface JsonCodec {

    /** @throws MalformedJsonException when the bytes are not UTF-8 JSON whose top level is an object */
    Map<String, Object> readObject(byte[] utf8Json) throws MalformedJsonException;

    byte[] writeObject(Map<String, Object> object);

    /** Why a payload is not a JSON object; the message never quotes the payload. */
    final class MalformedJsonException extends Exception {
        public MalformedJsonException(String message) {
            super(message);
        }
    }
}
