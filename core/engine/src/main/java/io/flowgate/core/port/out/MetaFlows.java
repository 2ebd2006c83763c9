package io.flowgate.core.port.out;

import io.flowgate.core.domain.FlowValidationError;
import io.flowgate.core.domain.GraphCallException;
import io.flowgate.core.domain.MetaFlowState;

import java.util.List;
import java.util.Optional;

/** Flows at Meta: create one, upload its Flow JSON, point it at the endpoint, publish it, read its state. */
public interface MetaFlows {

    /** {@code POST /{waba-id}/flows}; returns the new flow's id. */
    String create(String wabaId, String name, List<String> categories) throws GraphCallException;

    /** {@code POST /{flow-id}/assets} with the file as {@code flow.json}; returns Meta's validation errors. */
    List<FlowValidationError> uploadFlowJson(String metaFlowId, byte[] flowJson) throws GraphCallException;

    /** {@code POST /{flow-id}} with {@code endpoint_uri}. */
    void setEndpointUri(String metaFlowId, String endpointUri) throws GraphCallException;

    /** {@code POST /{flow-id}/publish}. */
    void publish(String metaFlowId) throws GraphCallException;

    /** {@code GET /{flow-id}?fields=...}. */
    MetaFlowState state(String metaFlowId) throws GraphCallException;

    /** The flow's current Flow JSON asset as Meta serves it; empty when it has none. */
    Optional<byte[]> flowJson(String metaFlowId) throws GraphCallException;
}
