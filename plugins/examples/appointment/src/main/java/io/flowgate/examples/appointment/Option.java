package io.flowgate.examples.appointment;

import java.util.List;
import java.util.Map;

/** An item of a Dropdown: WhatsApp's data-source shape {@code {"id": ..., "title": ...}}. */
record Option(String id, String title) {

    Map<String, Object> toData() {
        return Map.of("id", id, "title", title);
    }

    static List<Map<String, Object>> toData(List<Option> options) {
        return options.stream().map(Option::toData).toList();
    }

    static String titleOf(List<Option> options, String id) {
        return options.stream().filter(option -> option.id().equals(id)).map(Option::title).findFirst().orElse(id);
    }

    static boolean contains(List<Option> options, String id) {
        return options.stream().anyMatch(option -> option.id().equals(id));
    }
}
