package io.flowgate.spi;

import java.util.Optional;

/**
 * A plugin written as per-screen handlers: implement {@link #routes(FlowRouter.Builder)} (and
 * {@link #flowId()}), and the host sends each step to its handler.
 *
 * <pre>{@code
 * public final class FeedbackFlow extends RoutedFlowPlugin {
 *     public String flowId() { return "feedback"; }
 *
 *     protected void routes(FlowRouter.Builder routes) {
 *         routes.onInit(request -> FlowResponse.screen("RATE", Map.of()))
 *               .onSubmit("RATE", request -> FlowResponse.complete(Map.of("stars", request.integer("stars").orElse(0L))));
 *     }
 * }
 * }</pre>
 */
public abstract class RoutedFlowPlugin implements FlowPlugin {

    /** Built on first use: the subclass's fields are not set yet while this class's constructor runs. */
    private volatile FlowRouter router;

    /** Declares the handlers; called once. */
    protected abstract void routes(FlowRouter.Builder routes);

    @Override
    public final Optional<FlowRouter> router() {
        return Optional.of(built());
    }

    @Override
    public final FlowResponse handle(FlowRequest request) throws Exception {
        return built().route(request);
    }

    private FlowRouter built() {
        FlowRouter current = router;
        if (current == null) {
            synchronized (this) {
                current = router;
                if (current == null) {
                    var builder = FlowRouter.builder();
                    routes(builder);
                    current = builder.build();
                    router = current;
                }
            }
        }
        return current;
    }
}
