package io.flowgate.flowjson;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routing model as the client validates against it: every screen is a node (a screen without a key in
 * {@code routing_model} has no outgoing edge), edges are the forward routes, and each edge also allows going
 * back. Entry screens are those without an inbound edge.
 */
public final class RoutingGraph {

    private final Map<String, Set<String>> forward;
    private final Map<String, Set<String>> backward;
    private final Map<String, Set<String>> allowed;
    private final Set<String> entryScreens;

    /** @param forward every screen id, in screen order, with the screens it routes to */
    RoutingGraph(Map<String, List<String>> forward) {
        var forwardSets = new LinkedHashMap<String, Set<String>>();
        var backwardSets = new LinkedHashMap<String, Set<String>>();
        forward.keySet().forEach(screen -> {
            forwardSets.put(screen, new LinkedHashSet<>());
            backwardSets.put(screen, new LinkedHashSet<>());
        });
        forward.forEach((from, targets) -> targets.forEach(to -> {
            forwardSets.get(from).add(to);
            backwardSets.get(to).add(from);
        }));
        var allowedSets = new LinkedHashMap<String, Set<String>>();
        var entries = new LinkedHashSet<String>();
        forwardSets.keySet().forEach(screen -> {
            var targets = new LinkedHashSet<String>();
            targets.add(screen);
            targets.addAll(forwardSets.get(screen));
            targets.addAll(backwardSets.get(screen));
            allowedSets.put(screen, Collections.unmodifiableSet(targets));
            if (backwardSets.get(screen).isEmpty()) {
                entries.add(screen);
            }
        });
        this.forward = frozen(forwardSets);
        this.backward = frozen(backwardSets);
        this.allowed = Collections.unmodifiableMap(allowedSets);
        this.entryScreens = Collections.unmodifiableSet(entries);
    }

    /** The screens {@code screen} routes to (empty for an unknown screen). */
    public Set<String> forward(String screen) {
        return forward.getOrDefault(screen, Set.of());
    }

    /** The screens that route to {@code screen}: where back from it normally goes (empty for an unknown screen). */
    public Set<String> backward(String screen) {
        return backward.getOrDefault(screen, Set.of());
    }

    /** Screens without an inbound edge: the only answers to INIT the client accepts. */
    public Set<String> entryScreens() {
        return entryScreens;
    }

    /** Whether the client accepts an answer {@code to} for a request from {@code from}: refresh, forward or back. */
    public boolean allows(String from, String to) {
        Set<String> targets = allowed.get(from);
        return targets != null && targets.contains(to);
    }

    /** Every screen an answer from {@code from} may show: itself, then forward edges, then back edges. */
    public Set<String> allowedFrom(String from) {
        return allowed.getOrDefault(from, Set.of());
    }

    private static Map<String, Set<String>> frozen(Map<String, Set<String>> sets) {
        var copy = new LinkedHashMap<String, Set<String>>();
        sets.forEach((key, value) -> copy.put(key, Collections.unmodifiableSet(value)));
        return Collections.unmodifiableMap(copy);
    }
}
