package io.flowgate.flowjson;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Flow JSON compiled once: its screens in order, the routing graph and each screen's data model. Immutable and
 * safe to share between threads; answers are checked against it with {@link ResponseChecker}.
 */
public final class CompiledFlow {

    private final Optional<String> version;
    private final Optional<String> dataApiVersion;
    private final List<Screen> screens;
    private final Map<String, Screen> screensById;
    private final RoutingGraph routing;
    private final Set<String> terminalScreens;

    CompiledFlow(Optional<String> version, Optional<String> dataApiVersion, List<Screen> screens, RoutingGraph routing) {
        this.version = version;
        this.dataApiVersion = dataApiVersion;
        this.screens = List.copyOf(screens);
        var byId = new LinkedHashMap<String, Screen>();
        var terminal = new LinkedHashSet<String>();
        for (Screen screen : screens) {
            byId.put(screen.id(), screen);
            if (screen.terminal()) {
                terminal.add(screen.id());
            }
        }
        this.screensById = Collections.unmodifiableMap(byId);
        this.terminalScreens = Collections.unmodifiableSet(terminal);
        this.routing = routing;
    }

    /** The Flow JSON {@code version}, when it is a string. */
    public Optional<String> version() {
        return version;
    }

    /** {@code data_api_version}, when it is a string. */
    public Optional<String> dataApiVersion() {
        return dataApiVersion;
    }

    /** The screens in document order. */
    public List<Screen> screens() {
        return screens;
    }

    public Optional<Screen> screen(String id) {
        return Optional.ofNullable(screensById.get(id));
    }

    public RoutingGraph routing() {
        return routing;
    }

    /** The ids of screens with {@code "terminal": true}, in document order. */
    public Set<String> terminalScreens() {
        return terminalScreens;
    }

    /** The ids of screens without an inbound edge, in document order. */
    public Set<String> entryScreens() {
        return routing.entryScreens();
    }
}
