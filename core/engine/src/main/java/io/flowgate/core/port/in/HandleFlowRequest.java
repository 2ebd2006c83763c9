package io.flowgate.core.port.in;

import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.MalformedRequestException;
import io.flowgate.core.domain.ReplyPayload;
import io.flowgate.core.domain.SignatureRejectedException;

import java.util.Map;

/** The use case "handle a decrypted flow request for flow X". */
public interface HandleFlowRequest {

    /**
     * Answers a decrypted request: pings and error notifications by the host, everything else by the
     * flow's plugin.
     *
     * @param payload the decrypted JSON object as plain Java values
     */
    ReplyPayload handle(FlowId flowId, Map<String, Object> payload)
            throws UnknownFlowException, MalformedRequestException, PluginFailureException, SignatureRejectedException;
}
