package io.flowgate.flowjson;

/**
 * JSON pointers (RFC 6901) for finding paths. Keys are escaped as the RFC says ({@code ~0}, {@code ~1}), and
 * made printable and short first, so a finding logged as one line stays one line whatever the keys hold.
 */
final class Pointer {

    private Pointer() {
    }

    /** The pointer for {@code segments}: strings are keys, integers array indexes. */
    static String of(Object... segments) {
        var pointer = new StringBuilder();
        for (Object segment : segments) {
            appendSegment(pointer, segment);
        }
        return pointer.toString();
    }

    /** {@code base} followed by one more segment. */
    static String child(String base, Object segment) {
        var pointer = new StringBuilder(base);
        appendSegment(pointer, segment);
        return pointer.toString();
    }

    static void appendSegment(StringBuilder pointer, Object segment) {
        pointer.append('/');
        if (segment instanceof Integer index) {
            pointer.append(index.intValue());
        } else {
            pointer.append(escape(String.valueOf(segment)));
        }
    }

    static void appendIndex(StringBuilder pointer, int index) {
        pointer.append('/').append(index);
    }

    static String escape(String key) {
        return Names.printable(key).replace("~", "~0").replace("/", "~1");
    }
}
