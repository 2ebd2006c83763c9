package io.flowgate.core.port.out;

import io.flowgate.core.domain.GraphCallException;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Sends flow messages through Meta's Cloud API ({@code POST /{phone-number-id}/messages}). */
public interface FlowMessages {

    /** How the flow opens: with an INIT request to the endpoint, or directly on a screen with data. */
    enum Opening { DATA_EXCHANGE, NAVIGATE }

    /**
     * An interactive flow message.
     *
     * @param mode   {@code published} or {@code draft}
     * @param screen the screen it opens on; only with {@link Opening#NAVIGATE}
     * @param data   that screen's data; only with {@link Opening#NAVIGATE}, may be empty
     */
    record Interactive(String to, String metaFlowId, String flowToken, String cta, String body,
                       Optional<String> header, Optional<String> footer, String mode, Opening opening,
                       Optional<String> screen, Map<String, Object> data) {
        public Interactive {
            Objects.requireNonNull(flowToken, "flowToken");
            data = Map.copyOf(data);
        }

        @Override
        public String toString() {
            return "Interactive[flow=" + metaFlowId + ", mode=" + mode + ", opening=" + opening + "]";
        }
    }

    /**
     * An approved template whose button opens the flow; the flow button component is added with the token.
     *
     * @param components the template's other components (body and header parameters), as Meta takes them
     * @param flowActionData the first screen's data, for a template whose flow opens with navigate; may be empty
     */
    record Template(String to, String name, String language, List<Map<String, Object>> components,
                    String flowToken, Map<String, Object> flowActionData) {
        public Template {
            Objects.requireNonNull(flowToken, "flowToken");
            components = List.copyOf(components);
            flowActionData = Map.copyOf(flowActionData);
        }

        @Override
        public String toString() {
            return "Template[name=" + name + ", language=" + language + "]";
        }
    }

    /** Returns the message id (wamid) Meta gave the message. */
    String send(String phoneNumberId, Interactive message) throws GraphCallException;

    /** Returns the message id (wamid) Meta gave the message. */
    String send(String phoneNumberId, Template message) throws GraphCallException;
}
