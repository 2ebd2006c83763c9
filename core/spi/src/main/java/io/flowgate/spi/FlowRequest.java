package io.flowgate.spi;

import java.util.ArrayList;
import java.util.List;
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
 * @param mediaAccess how {@link #media(String)} fetches uploaded files
 */
public record FlowRequest(FlowAction action, String screen, Map<String, Object> data, String flowToken,
                          String version, FlowSession session, MediaAccess mediaAccess) {

    public FlowRequest {
        Objects.requireNonNull(action, "action");
        screen = screen == null ? "" : screen;
        data = FlowValues.copyOf(data == null ? Map.of() : data, "data");
        flowToken = flowToken == null ? "" : flowToken;
        version = version == null ? "" : version;
        session = session == null ? FlowSession.detached(flowToken) : session;
        mediaAccess = mediaAccess == null ? MediaAccess.NONE : mediaAccess;
    }

    /** A request as WhatsApp would send it with data API version 3.0; handy in plugin tests. */
    public static FlowRequest of(FlowAction action, String screen, Map<String, Object> data, String flowToken) {
        return new FlowRequest(action, screen, data, flowToken, "3.0", FlowSession.detached(flowToken), MediaAccess.NONE);
    }

    /**
     * The files uploaded in a PhotoPicker or DocumentPicker field (its value in the action's payload, e.g.
     * {@code "photo": "${form.photo}"}); empty when the field is absent.
     *
     * @throws MediaException with {@link MediaException.Reason#INVALID_METADATA} when the field is not a list of
     *                        media items
     */
    public List<FlowMedia> media(String field) throws MediaException {
        Object value = data.get(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new MediaException(MediaException.Reason.INVALID_METADATA, "\"" + field + "\" is not a list of media items");
        }
        List<FlowMedia> media = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new MediaException(MediaException.Reason.INVALID_METADATA, "\"" + field + "\" holds something else than media items");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            media.add(mediaAccess.media(typed));
        }
        return List.copyOf(media);
    }

    /** The value of a submitted field as text, if it is present and is text. */
    public Optional<String> text(String field) {
        return data.get(field) instanceof String value ? Optional.of(value) : Optional.empty();
    }
}
