package io.flowgate.flowjson;

import java.util.List;
import java.util.Map;

/** Warns about {@code ${data.x}} and {@code ${screen.S.data.x}} that name no declared field (Meta refuses them). */
final class ReferenceLinter {

    private final Map<String, Screen> screens;
    private final Diagnostics diagnostics;

    ReferenceLinter(Map<String, Screen> screens, Diagnostics diagnostics) {
        this.screens = screens;
        this.diagnostics = diagnostics;
    }

    void lint(List<LayoutScanner.Reference> references) {
        references.forEach(this::lint);
    }

    private void lint(LayoutScanner.Reference reference) {
        String expression = Names.printable(reference.expression());
        Screen screen = screens.get(reference.screen());
        if (screen == null) {
            String hint = Names.closest(reference.screen(), screens.keySet())
                    .map(id -> " (did you mean " + Names.quoted(id) + "?)").orElse("");
            diagnostics.warning(Code.REFERENCE_UNKNOWN_SCREEN, reference.path(), expression + " reads screen "
                    + Names.quoted(reference.screen()) + ", which does not exist" + hint);
            return;
        }
        DataType type = screen.data().orElse(new DataType.ObjectType(Map.of()));
        for (String field : reference.fields()) {
            if (!(type instanceof DataType.ObjectType object)) {
                // Arrays, scalars and 'items: true' have no declared keys to compare the rest of the path with.
                return;
            }
            DataType declared = object.properties().get(field);
            if (declared == null) {
                String hint = Names.closest(field, object.properties().keySet())
                        .map(name -> " (did you mean " + Names.quoted(name) + "?)").orElse("");
                diagnostics.warning(Code.REFERENCE_UNDECLARED, reference.path(), expression + " reads "
                        + Names.quoted(field) + ", which the data model of " + Names.printable(screen.id())
                        + " does not declare" + hint + "; declare it under /screens/" + screen.index() + "/data"
                        + " or fix the reference");
                return;
            }
            type = declared;
        }
    }
}
