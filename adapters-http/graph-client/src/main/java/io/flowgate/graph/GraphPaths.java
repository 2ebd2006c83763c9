package io.flowgate.graph;

import java.util.regex.Pattern;

/** Graph ids go into paths: they must be ids, so a value from a caller cannot walk to another endpoint. */
final class GraphPaths {

    private static final Pattern ID = Pattern.compile("[0-9A-Za-z_]{1,64}");

    private GraphPaths() {
    }

    static String segment(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a Graph API id is letters, digits and _ (1 to 64), not \""
                    + (id == null ? "" : id.length() > 64 ? id.substring(0, 64) + "..." : id) + "\"");
        }
        return id;
    }
}
