package io.flowgate.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the requests being handled, so that a shutdown can say how many it drained and how many it cut off. */
final class InFlightRequests implements Filter {

    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        count.incrementAndGet();
        try {
            chain.proceed();
        } finally {
            count.decrementAndGet();
        }
    }

    int count() {
        return count.get();
    }
}
