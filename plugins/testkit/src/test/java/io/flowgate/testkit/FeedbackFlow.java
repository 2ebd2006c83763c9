package io.flowgate.testkit;

import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;

import java.util.Map;

/** A two-screen fixture whose comment text picks a misbehaviour, so each way of breaking the flow is one step away. */
final class FeedbackFlow implements FlowPlugin {

    @Override
    public String flowId() {
        return "feedback";
    }

    @Override
    public FlowResponse handle(FlowRequest request) {
        return switch (request.action()) {
            case INIT, BACK -> FlowResponse.screen("RATE", Map.of("max_stars", 5));
            case DATA_EXCHANGE -> switch (request.screen()) {
                case "RATE" -> {
                    request.session().put("stars", request.text("stars").orElse(""));
                    yield FlowResponse.screen("COMMENT", Map.of("stars", request.text("stars").orElse("")));
                }
                default -> comment(request);
            };
        };
    }

    private static FlowResponse comment(FlowRequest request) {
        String comment = request.text("comment").orElse("");
        String stars = request.text("stars").orElse("");
        return switch (comment) {
            case "" -> FlowResponse.screenWithError("COMMENT", Map.of("stars", stars), "Please tell us why.");
            case "stars as a number" -> FlowResponse.screen("COMMENT", Map.of("stars", 3));
            case "an unknown screen" -> FlowResponse.screen("THANKS", Map.of());
            case "throw" -> throw new IllegalStateException("the fixture was told to throw");
            default -> FlowResponse.complete(Map.of("stars", stars, "comment", comment));
        };
    }
}
