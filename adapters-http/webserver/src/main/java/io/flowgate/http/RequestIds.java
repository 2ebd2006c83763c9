package io.flowgate.http;

import io.helidon.webserver.http.ServerRequest;

import java.util.concurrent.ThreadLocalRandom;

/** Short random ids that tie a request's log lines together; never derived from what the client sent. */
final class RequestIds {

    /** The key of a request's id in its Helidon context, where the error mapping finds the route's id. */
    private static final Object CONTEXT_KEY = new Object();

    private RequestIds() {
    }

    /** The id of this request: the one a route already gave it, or a new one. */
    static String of(ServerRequest request) {
        var context = request.context();
        return context.get(CONTEXT_KEY, String.class).orElseGet(() -> {
            String id = next();
            context.register(CONTEXT_KEY, id);
            return id;
        });
    }

    static String next() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE).substring(0, 12);
    }
}
