package io.flowgate.flowjson;

import java.util.Objects;
import java.util.Optional;

/**
 * An action a screen's layout declares ({@code on-click-action}, {@code on-select-action}, ...).
 *
 * @param kind   what it does
 * @param path   JSON pointer to the action object in the Flow JSON
 * @param target for {@code navigate}, the screen named in {@code next.name}
 */
public record DeclaredAction(Kind kind, String path, Optional<String> target) {

    public DeclaredAction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(target, "target");
    }

    /** The action names Flow JSON defines; only {@link #DATA_EXCHANGE} calls the endpoint. */
    public enum Kind {
        DATA_EXCHANGE("data_exchange"),
        NAVIGATE("navigate"),
        COMPLETE("complete"),
        UPDATE_DATA("update_data"),
        OPEN_URL("open_url");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The value of the action's {@code name} in Flow JSON. */
        public String wireName() {
            return wireName;
        }

        static Optional<Kind> fromWireName(String name) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(name)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }
}
