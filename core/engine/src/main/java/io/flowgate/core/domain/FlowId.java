package io.flowgate.core.domain;

import java.util.regex.Pattern;

/** The id under which a flow plugin is served: the {@code {flowId}} of {@code POST /flows/{flowId}}. */
public record FlowId(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public FlowId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("a flow id is 1 to 64 letters, digits, '-' or '_'");
        }
    }

    /** Whether {@code candidate} could be a flow id; lets adapters answer 404 without building one. */
    public static boolean isValid(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
