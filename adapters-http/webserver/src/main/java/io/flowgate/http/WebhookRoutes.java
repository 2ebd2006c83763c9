package io.flowgate.http;

import io.flowgate.core.port.in.ReceiveWebhook;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /webhook}: Meta's verification handshake (GET) and event deliveries (POST). A delivery is answered
 * 200 only once its completion messages are stored; they are handed to plugins afterwards.
 */
public final class WebhookRoutes implements HttpService {

    private final ReceiveWebhook webhook;
    private final BodyReader bodies;
    private final Runnable afterAccepted;

    /**
     * @param afterAccepted called after a delivery was stored, to start delivering it without waiting for the
     *                      next scheduled round
     */
    public WebhookRoutes(ReceiveWebhook webhook, BodyReader bodies, Runnable afterAccepted) {
        this.webhook = webhook;
        this.bodies = bodies;
        this.afterAccepted = afterAccepted;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::verify);
        rules.post("/", this::receive);
    }

    private void verify(ServerRequest request, ServerResponse response) {
        var query = request.query();
        var challenge = webhook.verifySubscription(query.first("hub.mode").orElse(null),
                query.first("hub.verify_token").orElse(null), query.first("hub.challenge").orElse(null));
        response.header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN);
        if (challenge.isPresent()) {
            response.status(Status.OK_200).send(challenge.get());
        } else {
            response.status(Status.FORBIDDEN_403).send("verification refused");
        }
    }

    private void receive(ServerRequest request, ServerResponse response) {
        byte[] body;
        try {
            body = bodies.read(request);
        } catch (BodyReader.TooLargeException e) {
            response.status(Status.REQUEST_ENTITY_TOO_LARGE_413).header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN)
                    .send(e.getMessage());
            return;
        } catch (BodyReader.StalledException e) {
            return; // the connection is gone; Meta retries
        }
        String signature = request.headers().first(HeaderNames.create("X-Hub-Signature-256")).orElse(null);
        response.header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN);
        switch (webhook.receive(body, signature)) {
            case ACCEPTED -> {
                response.status(Status.OK_200).send("ok");
                afterAccepted.run();
            }
            case FORBIDDEN -> response.status(Status.FORBIDDEN_403).send("invalid X-Hub-Signature-256");
            case MALFORMED -> response.status(Status.BAD_REQUEST_400).send("the body is not a JSON object");
        }
    }
}
