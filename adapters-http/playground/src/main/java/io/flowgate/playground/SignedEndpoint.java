package io.flowgate.playground;

import io.flowgate.core.domain.EndpointReply;
import io.flowgate.core.domain.EndpointRequest;
import io.flowgate.core.port.in.ServeFlowEndpoint;

import java.util.Objects;

/**
 * The data endpoint as the playground reaches it: the browser cannot hold the app secret, so the request is
 * signed here, over the exact bytes that arrived, and then served by the same use case as Meta's requests.
 * A signature the browser sent is replaced, never trusted.
 */
public final class SignedEndpoint implements ServeFlowEndpoint {

    private final ServeFlowEndpoint endpoint;
    private final HubSignatureSigner signer;

    public SignedEndpoint(ServeFlowEndpoint endpoint, HubSignatureSigner signer) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    @Override
    public EndpointReply serve(EndpointRequest request) {
        String signature = signer.header(request.body()).orElse(null);
        return endpoint.serve(new EndpointRequest(request.requestId(), request.flowId(), request.body(), signature,
                request.deadline()));
    }
}
