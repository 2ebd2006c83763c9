package io.flowgate.http;

import io.flowgate.core.port.out.JsonCodec;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/** How the admin API answers: a JSON object, errors as {@code {"error": "..."}} with a message to act on. */
final class JsonAnswers {

    private final JsonCodec json;

    JsonAnswers(JsonCodec json) {
        this.json = json;
    }

    void send(ServerResponse response, Status status, Map<String, Object> body) {
        response.status(status);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(json.writeObject(body));
    }

    void error(ServerResponse response, Status status, String message) {
        send(response, status, Map.of("error", message));
    }
}
