package io.flowgate.core.port.in;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
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
     * @param payload  the decrypted JSON object as plain Java values
     * @param deadline when the request must be answered; bounds every attempt, the store and the plugin
     * @throws PluginSaturatedException when the plugin's call slots are all taken (503 at once)
     * @throws DeadlineExceededException when the deadline passed outside the plugin (503; nothing committed)
     */
    ReplyPayload handle(FlowId flowId, Map<String, Object> payload, Deadline deadline)
            throws UnknownFlowException, MalformedRequestException, PluginFailureException, SignatureRejectedException,
            PluginSaturatedException, DeadlineExceededException;
}
