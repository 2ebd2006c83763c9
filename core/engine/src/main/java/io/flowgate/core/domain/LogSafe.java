package io.flowgate.core.domain;

/**
 * Makes a value a client chose (a screen name, an error key, a query parameter, a path segment) safe to put
 * in a log line: at most {@value #MAX_LENGTH} characters, each one from a printable ASCII subset without
 * spaces, quotes or backslashes, so a client can neither forge a line (newlines), nor a field ({@code "},
 * {@code  status=200}), nor flood the log with one huge value.
 */
public final class LogSafe {

    /** Longer values are cut here and end in {@code ...}; flow ids and screen names are far shorter. */
    public static final int MAX_LENGTH = 64;

    private LogSafe() {
    }

    /** The value with every other character replaced by {@code ?}; {@code (none)} for null. */
    public static String text(String value) {
        if (value == null) {
            return "(none)";
        }
        int length = Math.min(value.length(), MAX_LENGTH);
        var safe = new StringBuilder(length + 3);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            safe.append(allowed(c) ? c : '?');
        }
        if (value.length() > MAX_LENGTH) {
            safe.append("...");
        }
        return safe.toString();
    }

    private static boolean allowed(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '_' || c == '-' || c == '.' || c == ':' || c == '/' || c == '@' || c == '+' || c == '#';
    }
}
