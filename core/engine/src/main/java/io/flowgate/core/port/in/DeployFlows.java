package io.flowgate.core.port.in;

import io.flowgate.core.domain.FlowValidationError;
import io.flowgate.core.domain.GraphCallException;
import io.flowgate.core.domain.MetaFlowState;

import java.util.List;
import java.util.Optional;

/** A plugin's Flow JSON at Meta: create the flow, upload the file, publish it, and report its state and drift. */
public interface DeployFlows {

    /** @param published true when the flow was published by this deployment */
    record Deployment(String metaFlowId, List<FlowValidationError> validationErrors, boolean published) {
        public Deployment {
            validationErrors = List.copyOf(validationErrors);
        }
    }

    /** Whether Meta's Flow JSON is the one the plugin carries (compared as JSON, not as bytes). */
    enum Drift { SAME, DIFFERENT, NONE_AT_META }

    record Report(MetaFlowState state, Drift drift) {
    }

    /** The arguments are wrong in a way the caller can fix. */
    final class InvalidDeployException extends Exception {
        public InvalidDeployException(String message) {
            super(message);
        }
    }

    /** Creates an empty flow at Meta; returns its id (to configure as the flow's meta-flow-id). */
    String create(String name, List<String> categories) throws GraphCallException, InvalidDeployException;

    /**
     * Uploads {@code flowJson} as the flow's asset, sets the endpoint when given, and publishes when asked and
     * Meta found no validation error.
     */
    Deployment deploy(String metaFlowId, byte[] flowJson, Optional<String> endpointUri, boolean publish)
            throws GraphCallException;

    Report status(String metaFlowId, byte[] bundledFlowJson) throws GraphCallException;
}
