package io.flowgate.flowjson;

import java.util.Objects;

/**
 * One thing the compiler or the answer checker found.
 *
 * @param code     stable, for alerts, metrics and per-code overrides
 * @param severity how much it matters
 * @param path     a JSON pointer (RFC 6901) into the Flow JSON ({@code /screens/2/id}) or into the answer
 *                 ({@code /data/slots/3/id}); {@code ""} is the whole document
 * @param message  what is wrong and how to fix it, naming screens, keys, types and paths only: never a value
 *                 of the answer, which can be personal data
 */
public record Finding(Code code, Severity severity, String path, String message) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return severity + " " + code + " at " + (path.isEmpty() ? "/" : path) + ": " + message;
    }
}
