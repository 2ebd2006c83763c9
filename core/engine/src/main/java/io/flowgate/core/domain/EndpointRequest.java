package io.flowgate.core.domain;

import java.util.Objects;

/**
 * A data-endpoint request as it arrived.
 *
 * @param requestId       an id for the log lines of this request (never derived from its content)
 * @param flowId          the {@code {flowId}} of the path, not yet validated
 * @param body            the raw body: the signature covers exactly these bytes
 * @param signatureHeader the {@code X-Hub-Signature-256} header, or null
 * @param deadline        fixed when the request arrived, before its body was read
 */
public record EndpointRequest(String requestId, String flowId, byte[] body, String signatureHeader, Deadline deadline) {
    public EndpointRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(deadline, "deadline");
    }

    @Override
    public String toString() {
        return "EndpointRequest[" + requestId + ", " + body.length + " bytes]";
    }
}
