package io.flowgate.flowjson;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One compiled screen.
 *
 * @param id            the screen id
 * @param index         its position in {@code screens}
 * @param terminal      {@code "terminal": true}
 * @param refreshOnBack {@code "refresh_on_back": true}: leaving it with back calls the endpoint (BACK)
 * @param data          the data model, empty when the screen declares none (it then accepts and ignores data)
 * @param examples      each top-level field's {@code __example__}, in declaration order (design-time mock data,
 *                      never sent at run time)
 * @param actions       the actions its layout declares, in document order
 */
public record Screen(String id, int index, boolean terminal, boolean refreshOnBack, Optional<DataType.ObjectType> data,
                     Map<String, Object> examples, List<DeclaredAction> actions) {

    public Screen {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(examples, "examples");
        actions = List.copyOf(actions);
    }

    /** The top-level keys the data model declares, in declaration order. */
    public Set<String> declaredKeys() {
        return data.map(model -> model.properties().keySet()).orElse(Set.of());
    }

    /** Whether a component of this screen can call the endpoint ({@code data_exchange}). */
    public boolean exchangesData() {
        return actions.stream().anyMatch(action -> action.kind() == DeclaredAction.Kind.DATA_EXCHANGE);
    }
}
