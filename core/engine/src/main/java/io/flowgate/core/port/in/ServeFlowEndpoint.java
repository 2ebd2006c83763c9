package io.flowgate.core.port.in;

import io.flowgate.core.domain.EncryptedEnvelope;
import io.flowgate.core.domain.EndpointReply;

/** The use case behind {@code POST /flows/{flowId}}: decrypt, handle, encrypt. Never throws for bad input. */
public interface ServeFlowEndpoint {

    EndpointReply serve(String flowId, EncryptedEnvelope envelope);
}
