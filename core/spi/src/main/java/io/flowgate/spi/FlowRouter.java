package io.flowgate.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A flow's steps as one handler each, instead of a switch over action and screen: a handler for INIT, one
 * per screen whose submit reaches the endpoint ({@code data_exchange} from that screen), and one per screen
 * that asks for fresh data when the user goes back to it ({@code refresh_on_back}). The host checks the
 * routes against the flow's Flow JSON when it loads the plugin: a handler for a screen the Flow JSON does not
 * have, or a screen that sends {@code data_exchange} without a handler, stops startup with their names.
 *
 * <pre>{@code
 * FlowRouter.builder()
 *         .onInit(request -> FlowResponse.screen("RATE", Map.of("max_stars", 5)))
 *         .onSubmit("RATE", request -> FlowResponse.complete(Map.of("stars", request.integer("stars").orElse(0L))))
 *         .build();
 * }</pre>
 *
 * <p>A step without a handler fails that request (HTTP 500) with an {@link UnroutedStepException} naming the
 * action and the screen.
 */
public final class FlowRouter {

    /** One step's handler; it may throw, which fails that request only. */
    @FunctionalInterface
    public interface Handler {
        FlowResponse handle(FlowRequest request) throws Exception;
    }

    private final Handler init;
    private final Map<String, Handler> submits;
    private final Map<String, Handler> backs;

    private FlowRouter(Handler init, Map<String, Handler> submits, Map<String, Handler> backs) {
        this.init = init;
        this.submits = Map.copyOf(submits);
        this.backs = Map.copyOf(backs);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the handler of the request's step. */
    public FlowResponse route(FlowRequest request) throws Exception {
        Handler handler = switch (request.action()) {
            case INIT -> init;
            case DATA_EXCHANGE -> submits.get(request.screen());
            case BACK -> backs.get(request.screen());
        };
        if (handler == null) {
            throw new UnroutedStepException(request.action(), request.screen());
        }
        return handler.handle(request);
    }

    public boolean handlesInit() {
        return init != null;
    }

    /** The screens with a {@code data_exchange} handler. */
    public Set<String> submitScreens() {
        return submits.keySet();
    }

    /** The screens with a BACK handler. */
    public Set<String> backScreens() {
        return backs.keySet();
    }

    /** The request's step has no handler. */
    public static final class UnroutedStepException extends IllegalStateException {
        UnroutedStepException(FlowAction action, String screen) {
            super("no handler for " + action.wireName() + (action == FlowAction.INIT ? "" : " from screen \""
                    + screen + "\"") + " in this plugin's FlowRouter (add "
                    + switch (action) {
                        case INIT -> "onInit(...)";
                        case DATA_EXCHANGE -> "onSubmit(\"" + screen + "\", ...)";
                        case BACK -> "onBack(\"" + screen + "\", ...)";
                    } + ")");
        }
    }

    public static final class Builder {
        private Handler init;
        private final Map<String, Handler> submits = new LinkedHashMap<>();
        private final Map<String, Handler> backs = new LinkedHashMap<>();

        private Builder() {
        }

        /** The first screen and its data, when the flow opens with {@code flow_action: data_exchange}. */
        public Builder onInit(Handler handler) {
            if (init != null) {
                throw new IllegalStateException("onInit is already set");
            }
            this.init = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** What follows a {@code data_exchange} from {@code screen}: its form's values are the request's data. */
        public Builder onSubmit(String screen, Handler handler) {
            put(submits, "onSubmit", screen, handler);
            return this;
        }

        /** Fresh data for {@code screen} when the user goes back to it ({@code refresh_on_back: true}). */
        public Builder onBack(String screen, Handler handler) {
            put(backs, "onBack", screen, handler);
            return this;
        }

        public FlowRouter build() {
            return new FlowRouter(init, submits, backs);
        }

        private static void put(Map<String, Handler> handlers, String kind, String screen, Handler handler) {
            Objects.requireNonNull(screen, "screen");
            Objects.requireNonNull(handler, "handler");
            if (screen.isBlank() || screen.equals("SUCCESS")) {
                throw new IllegalArgumentException(kind + " needs the id of a screen of the Flow JSON, not \""
                        + screen + "\"");
            }
            if (handlers.putIfAbsent(screen, handler) != null) {
                throw new IllegalStateException(kind + "(\"" + screen + "\") is already set");
            }
        }
    }
}
