package io.flowgate.core.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON {@code null} in decoded JSON values (maps, lists and scalars as the JSON codec produces them).
 *
 * <p>Two decisions, by who wrote the null. From the WhatsApp client (request data, completion payloads) a
 * {@code null} means "no value": Flows have no null type (RFC 8927 JSON Type Definition), so it is dropped
 * like an absent key rather than failing the user's step. From the business's own backend (the admin API)
 * it is a mistake the caller can fix, so it is found and named by its path.
 */
public final class NullValues {

    private NullValues() {
    }

    /** {@code values} without its nulls, and how many were dropped (map entries and list elements). */
    public record Dropped(Map<String, Object> values, int count) {
    }

    /**
     * Drops every {@code null} map entry and list element, at any depth. Returns {@code object} itself when
     * it holds none, which is the common case and costs one walk.
     */
    public static Dropped drop(Map<String, Object> object) {
        int count = count(object);
        if (count == 0) {
            return new Dropped(object, 0);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> cleaned = (Map<String, Object>) without(object);
        return new Dropped(cleaned, count);
    }

    /**
     * The JSON path of the first {@code null} in {@code value}, written from {@code path}
     * (e.g. {@code context.customer.id}, {@code context.items[2]}); empty when there is none.
     */
    public static Optional<String> firstNullPath(Object value, String path) {
        switch (value) {
            case null -> {
                return Optional.of(path);
            }
            case Map<?, ?> map -> {
                for (var entry : map.entrySet()) {
                    var found = firstNullPath(entry.getValue(), path + "." + entry.getKey());
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    var found = firstNullPath(list.get(i), path + "[" + i + "]");
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static int count(Object value) {
        return switch (value) {
            case null -> 1;
            case Map<?, ?> map -> map.values().stream().mapToInt(NullValues::count).sum();
            case List<?> list -> list.stream().mapToInt(NullValues::count).sum();
            default -> 0;
        };
    }

    /** A copy without nulls; only called on values that are not null themselves. */
    private static Object without(Object value) {
        return switch (value) {
            case Map<?, ?> map -> {
                var copy = new LinkedHashMap<Object, Object>(Math.max(4, map.size() * 2));
                map.forEach((key, child) -> {
                    if (child != null) {
                        copy.put(key, without(child));
                    }
                });
                yield Collections.unmodifiableMap(copy);
            }
            case List<?> list -> {
                var copy = new ArrayList<Object>(list.size());
                for (Object child : list) {
                    if (child != null) {
                        copy.add(without(child));
                    }
                }
                yield Collections.unmodifiableList(copy);
            }
            default -> value;
        };
    }
}
