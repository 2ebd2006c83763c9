package io.flowgate.flowjson;

import java.util.Objects;
import java.util.Optional;

/**
 * The request an answer replies to.
 *
 * @param action    the request's action
 * @param screen    the screen the request came from; {@code ""} when the request names none (INIT, and BACK
 *                  from some clients: pass the session's last screen instead when it is known)
 * @param flowToken the request's flow token, when it carried one; SUCCESS must echo it
 */
public record RequestContext(RequestAction action, String screen, Optional<String> flowToken) {

    public RequestContext {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(flowToken, "flowToken");
    }

    public static RequestContext init(String flowToken) {
        return new RequestContext(RequestAction.INIT, "", Optional.ofNullable(flowToken));
    }

    public static RequestContext back(String screen, String flowToken) {
        return new RequestContext(RequestAction.BACK, screen, Optional.ofNullable(flowToken));
    }

    public static RequestContext dataExchange(String screen, String flowToken) {
        return new RequestContext(RequestAction.DATA_EXCHANGE, screen, Optional.ofNullable(flowToken));
    }
}
