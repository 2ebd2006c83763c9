package io.flowgate.http;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.EndpointReply;
import io.flowgate.core.domain.EndpointRequest;
import io.flowgate.core.domain.EndpointStatus;
import io.flowgate.core.domain.LogLimiter;
import io.flowgate.core.domain.LogSafe;
import io.flowgate.core.port.in.ServeFlowEndpoint;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code POST /flows/{flowId}}: the WhatsApp Flows data endpoint. The answer is the bare base64 text of the
 * encrypted response as {@code text/plain} (never JSON, never quoted); failures are short plain-text
 * explanations with the status WhatsApp acts on.
 */
public final class FlowEndpointRoutes implements HttpService {

    private static final System.Logger LOG = System.getLogger(FlowEndpointRoutes.class.getName());
    private static final LogLimiter REFUSALS = LogLimiter.forLogger(LOG);

    private final ServeFlowEndpoint endpoint;
    private final BodyReader bodies;
    private final Duration requestDeadline;
    private static final HeaderName SIGNATURE = HeaderNames.create("X-Hub-Signature-256");
    private static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");

    /**
     * @param bodies          reads bodies up to flowgate.http.max-body (413 beyond it) within flowgate.http.read-timeout
     * @param requestDeadline flowgate.request.deadline: the time from a request's arrival to its answer
     */
    public FlowEndpointRoutes(ServeFlowEndpoint endpoint, BodyReader bodies, Duration requestDeadline) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.requestDeadline = Objects.requireNonNull(requestDeadline, "requestDeadline");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{flowId}", this::serve);
    }

    private void serve(ServerRequest request, ServerResponse response) {
        // The deadline starts when the request has arrived, before its body is read: Meta's clock runs from then.
        Deadline deadline = Deadline.in(requestDeadline);
        String flowId = request.path().pathParameters().get("flowId");
        String requestId = RequestIds.of(request);
        response.header(REQUEST_ID, requestId);
        byte[] body;
        try {
            body = bodies.read(request, deadline);
        } catch (BodyReader.TooLargeException e) {
            REFUSALS.log(Level.WARNING, "413", "req={0} flow={1} status=413 reason=\"the body is larger than"
                    + " flowgate.http.max-body ({2} bytes)\"", requestId, LogSafe.text(flowId), bodies.maxBytes());
            response.status(Status.REQUEST_ENTITY_TOO_LARGE_413).header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN)
                    .send(e.getMessage());
            return;
        } catch (BodyReader.StalledException e) {
            REFUSALS.log(Level.WARNING, "stalled", "req={0} flow={1} connection dropped: {2}", requestId,
                    LogSafe.text(flowId), e.getMessage());
            return;
        }
        String signature = request.headers().first(SIGNATURE).orElse(null);
        EndpointReply reply = endpoint.serve(new EndpointRequest(requestId, flowId, body, signature, deadline));
        response.status(status(reply.status()));
        response.header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN);
        response.send(reply.body());
    }


    private static Status status(EndpointStatus status) {
        return switch (status) {
            case OK -> Status.OK_200;
            case TOKEN_REJECTED -> Status.create(427, "Flow Token No Longer Valid");
            case BAD_REQUEST -> Status.BAD_REQUEST_400;
            case UNKNOWN_FLOW -> Status.NOT_FOUND_404;
            case HANDLER_FAILED, INTERNAL_ERROR -> Status.INTERNAL_SERVER_ERROR_500;
            case DECRYPTION_FAILED -> Status.create(421, "Misdirected Request");
            case SIGNATURE_INVALID -> Status.create(432, "Signature Invalid");
            case OVERLOADED, TIMED_OUT -> Status.SERVICE_UNAVAILABLE_503;
        };
    }
}
