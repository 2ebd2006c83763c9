package io.flowgate.http;

import java.util.concurrent.ThreadLocalRandom;

/** Short random ids that tie a request's log lines together; never derived from what the client sent. */
final class RequestIds {

    private RequestIds() {
    }

    static String next() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE).substring(0, 12);
    }
}
