package io.flowgate.flowjson;

import java.util.List;
import java.util.Map;

/**
 * Checks a value against a {@link DataType}, recursively, and tells a {@link Listener} what does not fit. One
 * walker serves the answer checker and the {@code __example__} lint, so both read the model the same way.
 * Walks are linear in the size of the value and capped at {@value #MAX_DEPTH} levels.
 */
final class ValueWalker {

    static final int MAX_DEPTH = 64;

    /** What the walk found; {@code path} points at the value in question and is only valid during the call. */
    interface Listener {
        void typeMismatch(PathStack path, DataType expected, Object actual);

        void nullValue(PathStack path);

        /** {@code key} of {@code object} is not among {@code type}'s properties; {@code path} ends with it. */
        void undeclared(PathStack path, String key, DataType.ObjectType type, Map<?, ?> object);

        void tooDeep(PathStack path);
    }

    private final Listener listener;

    ValueWalker(Listener listener) {
        this.listener = listener;
    }

    /** Checks {@code value} at {@code path} (already pushed) against {@code type}. */
    void walk(DataType type, Object value, PathStack path) {
        if (value == null) {
            listener.nullValue(path);
            return;
        }
        if (path.depth() > MAX_DEPTH) {
            listener.tooDeep(path);
            return;
        }
        switch (type) {
            case DataType.Scalar scalar -> {
                if (!JsonTypes.matches(scalar, value)) {
                    listener.typeMismatch(path, type, value);
                }
            }
            case DataType.ObjectType object -> {
                if (value instanceof Map<?, ?> map) {
                    walkObject(object, map, path);
                } else {
                    listener.typeMismatch(path, type, value);
                }
            }
            case DataType.ArrayType array -> {
                if (value instanceof List<?> list) {
                    for (int i = 0; i < list.size(); i++) {
                        path.pushIndex(i);
                        walk(array.items(), list.get(i), path);
                        path.pop();
                    }
                } else {
                    listener.typeMismatch(path, type, value);
                }
            }
            case DataType.Anything ignored -> findNulls(value, path);
            case DataType.Nothing ignored -> listener.typeMismatch(path, type, value);
        }
    }

    /** Reports every {@code null} inside {@code value}, which no model describes (Flows refuse nulls anywhere). */
    void findNulls(Object value, PathStack path) {
        if (value == null) {
            listener.nullValue(path);
            return;
        }
        if (path.depth() > MAX_DEPTH) {
            listener.tooDeep(path);
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (var entry : map.entrySet()) {
                path.pushKey(String.valueOf(entry.getKey()));
                findNulls(entry.getValue(), path);
                path.pop();
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                path.pushIndex(i);
                findNulls(list.get(i), path);
                path.pop();
            }
        }
    }

    private void walkObject(DataType.ObjectType type, Map<?, ?> map, PathStack path) {
        Map<String, DataType> properties = type.properties();
        for (var entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            DataType declared = properties.get(key);
            path.pushKey(key);
            if (declared == null) {
                listener.undeclared(path, key, type, map);
                findNulls(entry.getValue(), path);
            } else {
                walk(declared, entry.getValue(), path);
            }
            path.pop();
        }
    }
}
