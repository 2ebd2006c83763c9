package io.flowgate.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.flowgate.core.domain.GraphCallException;
import io.flowgate.core.domain.GraphError;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One Graph API connection: the base URL with its pinned version, the access token, the timeout and the retry
 * policy. The token goes into the Authorization header of requests to that base URL and nowhere else: not into
 * a URL, a message or {@link #toString()}.
 */
public final class GraphApi {

    private static final System.Logger LOG = System.getLogger(GraphApi.class.getName());
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    /** A wait Meta asks for longer than this is not waited for: the caller is a person or a request. */
    private static final Duration MAX_DELAY = Duration.ofSeconds(10);

    /**
     * @param maxAttempts attempts of a call that may be repeated, the first included
     * @param firstDelay  the wait before the second attempt; it doubles after each further one
     */
    public record Retry(int maxAttempts, Duration firstDelay) {
        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            Objects.requireNonNull(firstDelay, "firstDelay");
        }
    }

    private final URI base;
    private final String accessToken;
    private final Duration timeout;
    private final Retry retry;
    private volatile HttpClient http;
    private final ObjectMapper mapper = JsonMapper.builder().build();

    /** @param base e.g. {@code https://graph.facebook.com/v23.0} */
    public GraphApi(URI base, String accessToken, Duration timeout, Retry retry) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /**
     * Built at the first call, not with the server: a client loads TLS's default context and the CA certificates,
     * tens of milliseconds of every start. Redirects are not followed: a redirect would carry the Authorization
     * header to another place.
     */
    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
                    http = client;
                }
            }
        }
        return client;
    }

    /** Whether the call may be repeated when Meta answers 429 or 5xx. */
    enum Repeat { SAFE, NEVER }

    Map<String, Object> get(String path, String query, String call) throws GraphCallException {
        return call(call, Repeat.SAFE, () -> authorized(path + (query.isEmpty() ? "" : "?" + query)).GET().build());
    }

    Map<String, Object> postJson(String path, Map<String, Object> body, Repeat repeat, String call)
            throws GraphCallException {
        byte[] json = write(body);
        return call(call, repeat, () -> authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    Map<String, Object> postForm(String path, Map<String, String> fields, Repeat repeat, String call)
            throws GraphCallException {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return call(call, repeat, () -> authorized(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** A multipart/form-data POST with text fields and one file. */
    Map<String, Object> postMultipart(String path, Map<String, String> fields, String fileField, String fileName,
                                      String fileType, byte[] file, Repeat repeat, String call) throws GraphCallException {
        String boundary = "flowgate-" + UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + fileType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] bytes = body.toByteArray();
        return call(call, repeat, () -> authorized(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    /**
     * Downloads a file Meta links to (an asset's {@code download_url}): a signed URL on another host, so it is
     * fetched without the access token.
     */
    byte[] download(URI url, String call) throws GraphCallException {
        if (!"https".equals(url.getScheme()) && !url.getHost().equals(base.getHost())) {
            throw new GraphCallException(call + ": Meta linked to " + url.getScheme() + "://" + url.getHost()
                    + ", which is neither https nor the Graph API's host; not downloaded", (Throwable) null);
        }
        try {
            HttpResponse<byte[]> response = http().send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new GraphCallException(call + ": downloading it from " + url.getHost() + " answered HTTP "
                        + response.statusCode(), (Throwable) null);
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphCallException(call + ": interrupted", e);
        }
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(base + "/" + path)).timeout(timeout)
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json");
    }

    private interface RequestFactory {
        HttpRequest build();
    }

    private Map<String, Object> call(String call, Repeat repeat, RequestFactory request) throws GraphCallException {
        int attempts = repeat == Repeat.SAFE ? retry.maxAttempts() : 1;
        Duration delay = retry.firstDelay();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // The request may have reached Meta: not repeated (a send would go out twice).
                throw unreachable(call, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GraphCallException(call + ": interrupted", e);
            }
            if (response.statusCode() / 100 == 2) {
                return read(response.body(), call);
            }
            GraphError error = error(response);
            if (!error.retryable() || attempt >= attempts) {
                throw new GraphCallException(call + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), error);
            }
            Duration wait = min(retryAfter(response).orElse(delay), MAX_DELAY);
            LOG.log(System.Logger.Level.WARNING, "Graph API: {0} answered HTTP {1}, attempt {2} of {3}; again in {4} ms",
                    call, response.statusCode(), attempt, attempts, wait.toMillis());
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GraphCallException(call + ": interrupted while waiting to try again", e);
            }
            delay = min(delay.multipliedBy(2), MAX_DELAY);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }

    private GraphCallException unreachable(String call, IOException e) {
        return new GraphCallException(call + ": Meta's Graph API at " + base.getHost() + " could not be reached ("
                + e.getClass().getSimpleName() + "); check the network and flowgate.meta.graph-url", e);
    }

    @SuppressWarnings("unchecked")
    private GraphError error(HttpResponse<byte[]> response) {
        try {
            Map<String, Object> body = mapper.readValue(response.body(), OBJECT);
            if (body.get("error") instanceof Map<?, ?> error) {
                Map<String, Object> fields = (Map<String, Object>) error;
                return new GraphError(response.statusCode(), number(fields.get("code")), number(fields.get("error_subcode")),
                        text(fields.get("type")), text(fields.get("message")), text(fields.get("fbtrace_id")));
            }
        } catch (IOException e) {
            // Not Graph JSON (a proxy's page, say): described by its status alone.
        }
        return new GraphError(response.statusCode(), 0, 0, "", "the answer is not a Graph API error object", "");
    }

    private Map<String, Object> read(byte[] body, String call) throws GraphCallException {
        try {
            return body.length == 0 ? Map.of() : mapper.readValue(body, OBJECT);
        } catch (IOException e) {
            throw new GraphCallException(call + ": Meta's answer is not a JSON object (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    private byte[] write(Map<String, Object> body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request body cannot be written as JSON", e);
        }
    }

    static long number(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    @Override
    public String toString() {
        return "GraphApi[" + base + ", accessToken=(set)]";
    }
}
