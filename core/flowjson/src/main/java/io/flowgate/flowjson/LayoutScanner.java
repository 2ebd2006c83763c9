package io.flowgate.flowjson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a screen's layout (and title) declares: its actions, and its dynamic references to data
 * ({@code ${data.x}}, {@code ${screen.S.data.x}}), which also occur inside nested expressions.
 */
final class LayoutScanner {

    private static final Pattern REFERENCE = Pattern.compile(
            "\\$\\{(?:data|screen\\.([A-Za-z0-9_]+)\\.data)\\.([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)}");

    /**
     * A reference to screen data.
     *
     * @param path       JSON pointer to the string holding it
     * @param expression the reference as written, e.g. {@code ${screen.PICK.data.slot}}
     * @param screen     the screen whose data it reads: the named one, or the screen it is written on
     * @param fields     the field path, e.g. {@code [customer, name]}
     */
    record Reference(String path, String expression, String screen, List<String> fields) {
    }

    /** What one screen declares. */
    record Declarations(List<DeclaredAction> actions, List<Reference> references, List<Finding> unknownActions) {
    }

    private final String screenId;
    private final List<DeclaredAction> actions = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private final List<Finding> unknownActions = new ArrayList<>();

    private LayoutScanner(String screenId) {
        this.screenId = screenId;
    }

    /** Scans every key of {@code screen} except its data model. */
    static Declarations scan(String screenId, Map<?, ?> screen, String pointer) {
        var scanner = new LayoutScanner(screenId);
        screen.forEach((key, value) -> {
            if (!"data".equals(key)) {
                scanner.visit(value, Pointer.child(pointer, String.valueOf(key)));
            }
        });
        return new Declarations(List.copyOf(scanner.actions), List.copyOf(scanner.references),
                List.copyOf(scanner.unknownActions));
    }

    private void visit(Object node, String pointer) {
        switch (node) {
            case String text -> findReferences(text, pointer);
            case Map<?, ?> map -> map.forEach((key, value) -> {
                String name = String.valueOf(key);
                String childPointer = Pointer.child(pointer, name);
                if (name.endsWith("-action") && value instanceof Map<?, ?> action) {
                    recordAction(action, childPointer);
                }
                visit(value, childPointer);
            });
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    visit(list.get(i), Pointer.child(pointer, i));
                }
            }
            case null, default -> {
            }
        }
    }

    private void recordAction(Map<?, ?> action, String pointer) {
        if (!(action.get("name") instanceof String name)) {
            return;
        }
        Optional<DeclaredAction.Kind> kind = DeclaredAction.Kind.fromWireName(name);
        if (kind.isEmpty()) {
            unknownActions.add(new Finding(Code.UNKNOWN_KEYWORD, Severity.WARNING, Pointer.child(pointer, "name"),
                    "screen " + Names.printable(screenId) + ": action " + Names.quoted(name) + " is not a Flow JSON"
                            + " action (data_exchange, navigate, complete, update_data, open_url)"));
            return;
        }
        Optional<String> target = Optional.empty();
        if (kind.get() == DeclaredAction.Kind.NAVIGATE && action.get("next") instanceof Map<?, ?> next
                && next.get("name") instanceof String nextScreen) {
            target = Optional.of(nextScreen);
        }
        actions.add(new DeclaredAction(kind.get(), pointer, target));
    }

    private void findReferences(String text, String pointer) {
        if (!text.contains("${")) {
            return;
        }
        Matcher matcher = REFERENCE.matcher(text);
        while (matcher.find()) {
            String screen = matcher.group(1) == null ? screenId : matcher.group(1);
            references.add(new Reference(pointer, matcher.group(), screen,
                    List.copyOf(Arrays.asList(matcher.group(2).split("\\.")))));
        }
    }
}
