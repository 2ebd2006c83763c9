package io.flowgate.flowjson;

import java.util.Collection;
import java.util.stream.Collectors;

/** Lists of screen ids for messages, shortened so a flow with 100 screens does not make a 100-name line. */
final class ScreenLists {

    private static final int MAX_SHOWN = 10;

    private ScreenLists() {
    }

    static String of(Collection<String> screens) {
        if (screens.isEmpty()) {
            return "none";
        }
        String shown = screens.stream().limit(MAX_SHOWN).map(Names::printable).collect(Collectors.joining(", "));
        return screens.size() > MAX_SHOWN ? shown + ", ... (" + screens.size() + " in all)" : shown;
    }
}
