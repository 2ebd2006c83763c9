package io.flowgate.flowjson;

import java.util.Arrays;

/**
 * The position of a tree walk, kept as a stack of keys and indexes: the pointer string is built only when a
 * finding needs it, so a clean walk allocates nothing for paths.
 */
final class PathStack {

    private final String base;
    private String[] keys = new String[16];
    private int[] indexes = new int[16];
    private int depth;

    /** @param base the pointer of the walk's root, e.g. {@code /data} */
    PathStack(String base) {
        this.base = base;
    }

    void pushKey(String key) {
        grow();
        keys[depth] = key;
        depth++;
    }

    void pushIndex(int index) {
        grow();
        keys[depth] = null;
        indexes[depth] = index;
        depth++;
    }

    void pop() {
        depth--;
        keys[depth] = null;
    }

    int depth() {
        return depth;
    }

    String pointer() {
        var pointer = new StringBuilder(base.length() + depth * 8).append(base);
        for (int i = 0; i < depth; i++) {
            if (keys[i] == null) {
                Pointer.appendIndex(pointer, indexes[i]);
            } else {
                Pointer.appendSegment(pointer, keys[i]);
            }
        }
        return pointer.toString();
    }

    private void grow() {
        if (depth == keys.length) {
            keys = Arrays.copyOf(keys, depth * 2);
            indexes = Arrays.copyOf(indexes, depth * 2);
        }
    }
}
