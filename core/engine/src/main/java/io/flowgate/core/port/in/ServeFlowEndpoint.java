package io.flowgate.core.port.in;

import io.flowgate.core.domain.EndpointReply;
import io.flowgate.core.domain.EndpointRequest;

/**
 * The use case behind {@code POST /flows/{flowId}}: check the signature, read the envelope, decrypt, handle,
 * encrypt. Never throws for bad input: every failure is a reply with its status.
 */
public interface ServeFlowEndpoint {

    EndpointReply serve(EndpointRequest request);
}
