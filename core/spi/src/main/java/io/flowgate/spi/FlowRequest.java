package io.flowgate.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A decrypted request for a flow's next step.
 *
 * @param action    why the endpoint was called
 * @param screen    the screen the request comes from; empty for {@code INIT}, the screen being left for
 *                  {@code BACK}
 * @param data      the submitted values: for {@code data_exchange} exactly the action's {@code payload} from
 *                  the Flow JSON; often empty for {@code INIT} and {@code BACK}. Values are {@code String},
 *                  {@code Boolean}, {@code Long}, {@code Double}, {@code java.math.BigInteger},
 *                  {@code java.math.BigDecimal}, {@code List} or {@code Map} of those; never {@code null}.
 * @param flowToken the token the business put into the flow message; empty when the client sent none
 * @param version   the data API version the client used ({@code "3.0"} or {@code "4.0"})
 * @param session   the state of this run of the flow: read and change it; the host saves it
 */
public record FlowRequest(FlowAction action, String screen, Map<String, Object> data, String flowToken,
                          String version, FlowSession session) {

    public FlowRequest {
        Objects.requireNonNull(action, "action");
        screen = screen == null ? "" : screen;
        data = FlowValues.copyOf(data == null ? Map.of() : data, "data");
        flowToken = flowToken == null ? "" : flowToken;
        version = version == null ? "" : version;
        session = session == null ? FlowSession.detached(flowToken) : session;
    }

    /** A request as WhatsApp would send it with data API version 3.0; handy in plugin tests. */
    public static FlowRequest of(FlowAction action, String screen, Map<String, Object> data, String flowToken) {
        return new FlowRequest(action, screen, data, flowToken, "3.0", FlowSession.detached(flowToken));
    }

    /** The value of a submitted field as text, if it is present and is text. */
    public Optional<String> text(String field) {
        return data.get(field) instanceof String value ? Optional.of(value) : Optional.empty();
    }
}
