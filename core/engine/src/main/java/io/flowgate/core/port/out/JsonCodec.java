package io.flowgate.core.port.out;

import java.util.Map;

/** Reads and writes JSON objects as plain Java values (String, Boolean, numbers, List, Map). */
public interface JsonCodec {

    /** @throws MalformedJsonException when the bytes are not UTF-8 JSON whose top level is an object */
    Map<String, Object> readObject(byte[] utf8Json) throws MalformedJsonException;

    /**
     * As {@link #readObject}, but also accepting a comma before a closing bracket, as in Meta's own webhook
     * samples. By default as strict as {@link #readObject}.
     */
    default Map<String, Object> readObjectAllowingTrailingCommas(byte[] utf8Json) throws MalformedJsonException {
        return readObject(utf8Json);
    }

    byte[] writeObject(Map<String, Object> object);

    /** Why a payload is not a JSON object; the message never quotes the payload. */
    final class MalformedJsonException extends Exception {
        public MalformedJsonException(String message) {
            super(message);
        }
    }
}
