package io.flowgate.flowjson;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the routing graph the client validates against: {@code routing_model}, or without one the
 * {@code navigate} actions, with every screen as a node. Also lints what Meta refuses at publish time.
 */
final class RoutingCompiler {

    /** Meta's limit on outgoing edges per screen (its error message names the screen, so: per screen). */
    static final int MAX_BRANCHES = 10;

    private final Diagnostics diagnostics;

    RoutingCompiler(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * @param declared the {@code routing_model} value, {@code null} when the key is absent
     * @param screens  the screens, in document order, with unique ids
     * @return the graph, or {@code null} after reporting why {@code routing_model} is unusable
     */
    RoutingGraph compile(Object declared, List<Screen> screens) {
        var ids = new LinkedHashMap<String, Screen>();
        screens.forEach(screen -> ids.put(screen.id(), screen));
        var forward = new LinkedHashMap<String, List<String>>();
        ids.keySet().forEach(id -> forward.put(id, new ArrayList<>()));
        if (declared == null) {
            diagnostics.warning(Code.ROUTING_MODEL_MISSING, "/routing_model", "no routing_model: the client derives"
                    + " one from the navigate actions, and so does Flowgate; a flow with an endpoint must declare it"
                    + " (each screen id -> the screens reachable forward from it)");
            deriveFromNavigate(screens, forward);
        } else if (!readDeclared(declared, ids.keySet(), forward)) {
            return null;
        }
        var graph = new RoutingGraph(forward);
        lint(graph, ids.keySet(), declared != null);
        lintNavigate(screens, graph, ids.keySet(), declared != null);
        return graph;
    }

    private boolean readDeclared(Object declared, Set<String> ids, Map<String, List<String>> forward) {
        if (!(declared instanceof Map<?, ?> model)) {
            diagnostics.error(Code.ROUTING_MODEL_INVALID, "/routing_model", "routing_model must be an object mapping"
                    + " each screen id to an array of the screen ids reachable forward from it, got "
                    + JsonTypes.nameOf(declared));
            return false;
        }
        boolean valid = true;
        for (var entry : model.entrySet()) {
            String from = String.valueOf(entry.getKey());
            String fromPointer = Pointer.of("routing_model", from);
            if (!ids.contains(from)) {
                valid = false;
                diagnostics.error(Code.ROUTING_MODEL_UNKNOWN_SCREEN, fromPointer, "routing_model has a key "
                        + Names.quoted(from) + ", which is not a screen id" + hint(from, ids) + " (screens: "
                        + ScreenLists.of(ids) + ")");
            }
            if (!(entry.getValue() instanceof List<?> targets)) {
                valid = false;
                diagnostics.error(Code.ROUTING_MODEL_INVALID, fromPointer, "routing_model." + Names.printable(from)
                        + " must be an array of screen ids (use [] for none), got " + JsonTypes.nameOf(entry.getValue()));
                continue;
            }
            for (int i = 0; i < targets.size(); i++) {
                String targetPointer = Pointer.child(fromPointer, i);
                if (!(targets.get(i) instanceof String to)) {
                    valid = false;
                    diagnostics.error(Code.ROUTING_MODEL_INVALID, targetPointer, "routing_model." + Names.printable(from)
                            + " must list screen ids as strings, got " + JsonTypes.nameOf(targets.get(i)));
                } else if (!ids.contains(to)) {
                    valid = false;
                    diagnostics.error(Code.ROUTING_MODEL_UNKNOWN_SCREEN, targetPointer, "routing_model."
                            + Names.printable(from) + " routes to " + Names.quoted(to) + ", which is not a screen id"
                            + hint(to, ids) + " (screens: " + ScreenLists.of(ids) + ")");
                } else if (valid && !forward.get(from).contains(to)) {
                    forward.get(from).add(to);
                }
            }
        }
        return valid;
    }

    private static void deriveFromNavigate(List<Screen> screens, Map<String, List<String>> forward) {
        for (Screen screen : screens) {
            for (DeclaredAction action : screen.actions()) {
                action.target().filter(forward::containsKey)
                        .filter(target -> !forward.get(screen.id()).contains(target))
                        .ifPresent(target -> forward.get(screen.id()).add(target));
            }
        }
    }

    private void lint(RoutingGraph graph, Set<String> ids, boolean declared) {
        String where = declared ? "/routing_model" : "";
        if (graph.entryScreens().isEmpty()) {
            diagnostics.warning(Code.NO_ENTRY_SCREEN, where, "every screen has an inbound edge, so no answer to INIT"
                    + " can pass the client's check; remove the edges into the screen the flow opens with");
        }
        for (String id : ids) {
            if (graph.forward(id).size() > MAX_BRANCHES) {
                diagnostics.warning(Code.ROUTING_TOO_MANY_BRANCHES, declared ? Pointer.of("routing_model", id) : where,
                        "screen " + Names.printable(id) + " routes to " + graph.forward(id).size() + " screens; Meta"
                                + " allows at most " + MAX_BRANCHES + " per screen");
            }
        }
        new LoopFinder(graph, ids).loops().forEach(loop -> diagnostics.warning(Code.ROUTING_LOOP,
                declared ? Pointer.of("routing_model", loop.getFirst()) : where, "the routing model has a loop "
                        + String.join(" -> ", loop.stream().map(Names::printable).toList()) + "; Meta refuses loops at"
                        + " publish: list forward edges only (an edge already lets the user go back, and a screen"
                        + " may always refresh itself)"));
    }

    private void lintNavigate(List<Screen> screens, RoutingGraph graph, Set<String> ids, boolean declared) {
        for (Screen screen : screens) {
            for (DeclaredAction action : screen.actions()) {
                if (action.target().isEmpty()) {
                    continue;
                }
                String target = action.target().get();
                String pointer = Pointer.child(Pointer.child(action.path(), "next"), "name");
                if (!ids.contains(target)) {
                    diagnostics.warning(Code.NAVIGATE_UNKNOWN_SCREEN, pointer, "screen " + Names.printable(screen.id())
                            + " navigates to " + Names.quoted(target) + ", which is not a screen id" + hint(target, ids));
                } else if (declared && !graph.forward(screen.id()).contains(target)) {
                    diagnostics.warning(Code.NAVIGATE_NOT_ROUTED, pointer, "screen " + Names.printable(screen.id())
                            + " navigates to " + Names.printable(target) + " but routing_model has no edge "
                            + Names.printable(screen.id()) + " -> " + Names.printable(target) + "; Meta refuses that"
                            + " at publish: add the edge");
                }
            }
        }
    }

    private static String hint(String name, Set<String> ids) {
        return Names.closest(name, ids).map(id -> " (did you mean " + Names.quoted(id) + "?)").orElse("");
    }

    /** Depth-first search for cycles; reports each cycle once, from the screen where the search met it. */
    private static final class LoopFinder {

        private final RoutingGraph graph;
        private final Set<String> ids;
        private final Set<String> done = new HashSet<>();
        private final List<String> stack = new ArrayList<>();
        private final List<List<String>> loops = new ArrayList<>();

        LoopFinder(RoutingGraph graph, Set<String> ids) {
            this.graph = graph;
            this.ids = ids;
        }

        List<List<String>> loops() {
            ids.forEach(this::visit);
            return loops;
        }

        private void visit(String screen) {
            if (done.contains(screen)) {
                return;
            }
            stack.add(screen);
            for (String next : graph.forward(screen)) {
                int onStack = stack.indexOf(next);
                if (onStack >= 0) {
                    var loop = new ArrayList<>(stack.subList(onStack, stack.size()));
                    loop.add(next);
                    loops.add(List.copyOf(loop));
                } else {
                    visit(next);
                }
            }
            stack.removeLast();
            done.add(screen);
        }
    }
}
