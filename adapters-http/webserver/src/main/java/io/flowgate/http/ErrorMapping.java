package io.flowgate.http;

import io.flowgate.core.domain.FailureSummary;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.lang.System.Logger.Level;

/**
 * What a request gets when a route throws: a JSON answer {@code {"error": "...", "request_id": "..."}} and one
 * log line with the same request id, instead of the web server's plain-text "Internal Server Error" and a
 * log entry that ties to no request.
 *
 * <p>Unexpected exceptions are 500 and logged at ERROR with {@link FailureSummary} (types and our frames,
 * no message: a message may quote the request). Helidon's own {@link HttpException}s (a body that cannot be
 * read, a bad header) keep their status and are logged at WARNING.
 */
public final class ErrorMapping implements ErrorHandler<Throwable> {

    private static final System.Logger LOG = System.getLogger(ErrorMapping.class.getName());

    /** Makes this the handler of every exception a route of {@code routing} lets escape. */
    public static HttpRouting.Builder register(HttpRouting.Builder routing) {
        return routing.error(Throwable.class, new ErrorMapping());
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response, Throwable failure) {
        String requestId = RequestIds.of(request);
        Status status = failure instanceof HttpException http ? http.status() : Status.INTERNAL_SERVER_ERROR_500;
        boolean ours = status.code() >= 500;
        String where = request.prologue().method().text() + " " + service(request.prologue().uriPath().rawPath());
        if (ours) {
            LOG.log(Level.ERROR, "req={0} {1} status={2} reason=\"unexpected failure: {3}\"", requestId, where,
                    status.code(), FailureSummary.of(failure));
        } else {
            LOG.log(Level.WARNING, "req={0} {1} status={2} reason=\"{3}\"", requestId, where, status.code(),
                    failure.getClass().getSimpleName());
        }
        String error = ours ? "The server failed unexpectedly; its log names the cause under this request_id."
                : status.reasonPhrase();
        response.status(status);
        response.header(HeaderNames.create("X-Request-Id"), requestId);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        // Both values are ours (a fixed sentence or a reason phrase, and a hex id): nothing needs escaping.
        response.send("{\"error\":\"" + error + "\",\"request_id\":\"" + requestId + "\"}");
    }

    /**
     * The first segment of the path ({@code /flows}, {@code /webhook}, {@code /api}): enough to tell the
     * routes apart; the rest of a path may carry identifiers that do not belong in a log.
     */
    private static String service(String rawPath) {
        int end = rawPath.indexOf('/', 1);
        String first = end < 0 ? rawPath : rawPath.substring(0, end);
        return first.length() > 32 || !first.matches("/[A-Za-z0-9_.-]*") ? "(path)" : first;
    }
}
