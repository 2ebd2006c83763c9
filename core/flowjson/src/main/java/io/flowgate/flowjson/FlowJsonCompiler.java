package io.flowgate.flowjson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a Flow JSON, already parsed into plain Java values (what the JsonCodec port gives), into a
 * {@link CompiledFlow}. Errors are what makes the flow unusable (the result then has no flow); warnings are
 * lint: what Meta refuses at upload or publish, or what is almost surely a mistake. Parsing the bytes is the
 * caller's job.
 */
public final class FlowJsonCompiler {

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("version", "data_api_version", "routing_model",
            "screens", "data_channel_uri");
    private static final Set<String> SCREEN_KEYS = Set.of("id", "title", "terminal", "success", "data", "layout",
            "refresh_on_back", "sensitive");
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");
    /** The oldest Flow JSON version Meta accepts for publishing (supported: 5.1, 6.0-6.3, 7.0-7.3, in 2026). */
    private static final int[] OLDEST_PUBLISHED = {5, 1};
    private static final Set<String> DATA_API_VERSIONS = Set.of("3.0", "4.0");

    private FlowJsonCompiler() {
    }

    public static Compilation compile(Map<String, Object> flowJson) {
        Objects.requireNonNull(flowJson, "flowJson");
        var diagnostics = new Diagnostics();
        lintUnknownKeys(flowJson, TOP_LEVEL_KEYS, "", "the top level of a Flow JSON", diagnostics);
        Optional<String> version = lintVersion(flowJson, diagnostics);
        Optional<String> dataApiVersion = lintDataApiVersion(flowJson, diagnostics);

        Object screensValue = flowJson.get("screens");
        if (!(screensValue instanceof List<?> declaredScreens) || declaredScreens.isEmpty()) {
            diagnostics.error(Code.SCREENS_MISSING, "/screens", "a Flow JSON needs 'screens', a non-empty array of"
                    + " screen objects, got " + (flowJson.containsKey("screens") ? describe(screensValue) : "no 'screens'"));
            return failed(diagnostics);
        }
        var models = new DataModelCompiler(diagnostics);
        var screens = new LinkedHashMap<String, Screen>();
        var references = new ArrayList<LayoutScanner.Reference>();
        for (int i = 0; i < declaredScreens.size(); i++) {
            Screen screen = compileScreen(declaredScreens.get(i), i, screens, models, references, diagnostics);
            if (screen != null) {
                screens.put(screen.id(), screen);
            }
        }
        RoutingGraph routing = new RoutingCompiler(diagnostics).compile(flowJson.get("routing_model"),
                List.copyOf(screens.values()));
        new ReferenceLinter(screens, diagnostics).lint(references);
        if (diagnostics.hasErrors()) {
            return failed(diagnostics);
        }
        var flow = new CompiledFlow(version, dataApiVersion, List.copyOf(screens.values()), routing);
        return new Compilation(Optional.of(flow), List.of(), diagnostics.warnings());
    }

    /** @return the screen, or {@code null} when it cannot be one (after reporting why) */
    private static Screen compileScreen(Object declared, int index, Map<String, Screen> earlier,
                                        DataModelCompiler models, List<LayoutScanner.Reference> references,
                                        Diagnostics diagnostics) {
        String pointer = Pointer.of("screens", index);
        if (!(declared instanceof Map<?, ?> screen)) {
            diagnostics.error(Code.SCREEN_INVALID, pointer, "each entry of 'screens' must be a screen object with an"
                    + " 'id' and a 'layout', got " + JsonTypes.nameOf(declared));
            return null;
        }
        String idPointer = Pointer.child(pointer, "id");
        if (!(screen.get("id") instanceof String id) || id.isEmpty()) {
            diagnostics.error(Code.SCREEN_ID_INVALID, idPointer, "screen " + index + " needs an 'id', a non-empty"
                    + " string such as \"WELCOME\", got " + (screen.containsKey("id") ? describe(screen.get("id"))
                    : "no 'id'"));
            return null;
        }
        boolean valid = true;
        if (id.equals(ResponseChecker.SUCCESS)) {
            valid = false;
            diagnostics.error(Code.SCREEN_ID_RESERVED, idPointer, "a screen may not be called SUCCESS: WhatsApp"
                    + " reserves it for completing the flow; rename the screen (and its routing_model entries)");
        }
        if (earlier.containsKey(id)) {
            valid = false;
            diagnostics.error(Code.SCREEN_ID_DUPLICATE, idPointer, "screen id " + Names.quoted(id) + " is already"
                    + " used by /screens/" + earlier.get(id).index() + "; give each screen a unique id");
        }
        lintUnknownKeys(screen, SCREEN_KEYS, pointer, "a screen", diagnostics);
        boolean terminal = flag(screen, "terminal", pointer, diagnostics);
        boolean refreshOnBack = flag(screen, "refresh_on_back", pointer, diagnostics);
        DataModelCompiler.Result data = models.compile(screen.get("data"), Pointer.child(pointer, "data"));
        LayoutScanner.Declarations declarations = LayoutScanner.scan(id, screen, pointer);
        declarations.unknownActions().forEach(finding -> diagnostics.warning(finding.code(), finding.path(),
                finding.message()));
        references.addAll(declarations.references());
        return valid ? new Screen(id, index, terminal, refreshOnBack, data.model(), data.examples(),
                declarations.actions()) : null;
    }

    private static boolean flag(Map<?, ?> screen, String key, String pointer, Diagnostics diagnostics) {
        Object value = screen.get(key);
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        diagnostics.error(Code.SCREEN_INVALID, Pointer.child(pointer, key), "'" + key + "' must be true or false, got "
                + JsonTypes.nameOf(value));
        return false;
    }

    private static Optional<String> lintVersion(Map<String, Object> flowJson, Diagnostics diagnostics) {
        Object value = flowJson.get("version");
        if (!(value instanceof String version)) {
            diagnostics.warning(Code.VERSION_UNSUPPORTED, "/version", "the Flow JSON needs a 'version' string such as"
                    + " \"7.3\", got " + (flowJson.containsKey("version") ? describe(value) : "no 'version'"));
            return Optional.empty();
        }
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.matches()) {
            diagnostics.warning(Code.VERSION_UNSUPPORTED, "/version", "'version' " + Names.quoted(version)
                    + " is not of the form major.minor, such as \"7.3\"");
        } else if (olderThanPublished(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)))) {
            diagnostics.warning(Code.VERSION_UNSUPPORTED, "/version", "Flow JSON version " + version + " is older than"
                    + " any Meta still publishes (" + OLDEST_PUBLISHED[0] + "." + OLDEST_PUBLISHED[1] + " and newer);"
                    + " move the flow to a supported version such as 7.3");
        }
        return Optional.of(version);
    }

    private static boolean olderThanPublished(int major, int minor) {
        return major < OLDEST_PUBLISHED[0] || major == OLDEST_PUBLISHED[0] && minor < OLDEST_PUBLISHED[1];
    }

    private static Optional<String> lintDataApiVersion(Map<String, Object> flowJson, Diagnostics diagnostics) {
        Object value = flowJson.get("data_api_version");
        if (value == null) {
            diagnostics.warning(Code.DATA_API_VERSION_UNSUPPORTED, "/data_api_version", "no 'data_api_version': a flow"
                    + " without one never calls its endpoint; declare \"3.0\" or \"4.0\"");
            return Optional.empty();
        }
        if (!(value instanceof String version) || !DATA_API_VERSIONS.contains(version)) {
            diagnostics.warning(Code.DATA_API_VERSION_UNSUPPORTED, "/data_api_version", "'data_api_version' must be"
                    + " \"3.0\" or \"4.0\", got " + (value instanceof String text ? Names.quoted(text) : describe(value)));
            return value instanceof String text ? Optional.of(text) : Optional.empty();
        }
        return Optional.of(version);
    }

    private static void lintUnknownKeys(Map<?, ?> object, Set<String> known, String pointer, String where,
                                        Diagnostics diagnostics) {
        for (Object key : object.keySet()) {
            String name = String.valueOf(key);
            if (!known.contains(name)) {
                String hint = Names.closest(name, known).map(k -> " (did you mean " + Names.quoted(k) + "?)").orElse("");
                diagnostics.warning(Code.UNKNOWN_KEYWORD, Pointer.child(pointer, name), Names.quoted(name)
                        + " is not a key Flowgate knows in " + where + hint + "; it is not checked");
            }
        }
    }

    /** The JSON type of a value, or "an empty array", for messages. */
    private static String describe(Object value) {
        return value instanceof List<?> list && list.isEmpty() ? "an empty array" : JsonTypes.nameOf(value);
    }

    private static Compilation failed(Diagnostics diagnostics) {
        return new Compilation(Optional.empty(), diagnostics.errors(), diagnostics.warnings());
    }
}
