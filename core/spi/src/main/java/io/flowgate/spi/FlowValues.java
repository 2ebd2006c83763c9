package io.flowgate.spi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, immutable copies of flow data, checked on the way in.
 *
 * <p>WhatsApp validates responses against the Flow's JSON Type Definition, where {@code null} is never a
 * valid value: rejecting it here, in the plugin's own stack trace, is far easier to debug than a
 * {@code payload-schema-error} notification from a user's phone.
 */
final class FlowValues {

    private FlowValues() {
    }

    /** A read-only view that lets a {@code Map<String, ?>} pass where {@code Map<String, Object>} is wanted. */
    static Map<String, Object> widen(Map<String, ?> map) {
        if (map == null) {
            throw new IllegalArgumentException("flow data must not be null (use an empty map)");
        }
        return Collections.unmodifiableMap(map);
    }

    static Map<String, Object> copyOf(Map<String, ?> map, String path) {
        if (map == null) {
            throw new IllegalArgumentException(path + " must not be null (use an empty map)");
        }
        var copy = new LinkedHashMap<String, Object>(Math.max(4, map.size() * 2));
        for (var entry : map.entrySet()) {
            if (entry.getKey() == null) {
                throw new IllegalArgumentException(path + " has a null key");
            }
            String childPath = path + "." + entry.getKey();
            copy.put(entry.getKey(), copyValue(entry.getValue(), childPath));
        }
        return Collections.unmodifiableMap(copy);
    }

    static Object copyValue(Object value, String path) {
        return switch (value) {
            case null -> throw new IllegalArgumentException(
                    path + " is null: WhatsApp rejects null values; leave the key out or send \"\"");
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i.longValue();
            case Long l -> l;
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Double d -> finite(d, path);
            case Float f -> finite(f.doubleValue(), path);
            case BigInteger big -> big;
            case BigDecimal big -> big;
            case Map<?, ?> map -> copyOf(stringKeyed(map, path), path);
            case List<?> list -> copyList(list, path);
            default -> throw new IllegalArgumentException(path + " has unsupported type "
                    + value.getClass().getName() + ": use String, Boolean, a number, List or Map");
        };
    }

    private static Double finite(double d, String path) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(path + " is " + d + ", which JSON cannot carry");
        }
        return d;
    }

    private static List<Object> copyList(List<?> list, String path) {
        var copy = new ArrayList<Object>(list.size());
        for (int i = 0; i < list.size(); i++) {
            copy.add(copyValue(list.get(i), path + "[" + i + "]"));
        }
        return Collections.unmodifiableList(copy);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> stringKeyed(Map<?, ?> map, String path) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new IllegalArgumentException(path + " has a key that is not a String: " + key);
            }
        }
        return (Map<String, ?>) map;
    }
}
