package io.flowgate.core.service;

import io.flowgate.core.domain.FlowValidationError;
import io.flowgate.core.domain.GraphCallException;
import io.flowgate.core.port.in.DeployFlows;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.core.port.out.MetaFlows;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Puts a plugin's Flow JSON on Meta, publishes it only when Meta found nothing wrong, and reports drift. */
public final class FlowDeployService implements DeployFlows {

    private static final System.Logger LOG = System.getLogger(FlowDeployService.class.getName());
    /** Meta's flow categories. */
    public static final List<String> CATEGORIES = List.of("SIGN_UP", "SIGN_IN", "APPOINTMENT_BOOKING", "LEAD_GENERATION",
            "CONTACT_US", "CUSTOMER_SUPPORT", "SURVEY", "OTHER");

    private final MetaFlows flows;
    private final JsonCodec json;
    private final Optional<String> wabaId;

    /** @param wabaId the WhatsApp Business Account new flows are created in ({@code flowgate.meta.waba-id}) */
    public FlowDeployService(MetaFlows flows, JsonCodec json, Optional<String> wabaId) {
        this.flows = Objects.requireNonNull(flows, "flows");
        this.json = Objects.requireNonNull(json, "json");
        this.wabaId = Objects.requireNonNull(wabaId, "wabaId");
    }

    @Override
    public String create(String name, List<String> categories) throws GraphCallException, InvalidDeployException {
        if (wabaId.isEmpty()) {
            throw new InvalidDeployException("creating a flow needs flowgate.meta.waba-id (FLOWGATE_META_WABA_ID), the"
                    + " WhatsApp Business Account to create it in; or pass --meta-flow-id of an existing flow");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidDeployException("creating a flow needs --name (and --category); or pass --meta-flow-id");
        }
        if (categories.isEmpty() || !CATEGORIES.containsAll(categories)) {
            throw new InvalidDeployException("--category must be one or more of " + String.join(", ", CATEGORIES)
                    + ", not " + categories);
        }
        return flows.create(wabaId.get(), name, categories);
    }

    @Override
    public Deployment deploy(String metaFlowId, byte[] flowJson, Optional<String> endpointUri, boolean publish)
            throws GraphCallException {
        List<FlowValidationError> errors = flows.uploadFlowJson(metaFlowId, flowJson);
        if (endpointUri.isPresent()) {
            flows.setEndpointUri(metaFlowId, endpointUri.get());
        }
        boolean published = false;
        if (publish && errors.isEmpty()) {
            flows.publish(metaFlowId);
            published = true;
        }
        LOG.log(Level.INFO, "Meta flow {0}: Flow JSON uploaded, {1} validation error(s){2}", metaFlowId, errors.size(),
                published ? ", published" : "");
        return new Deployment(metaFlowId, errors, published);
    }

    @Override
    public Report status(String metaFlowId, byte[] bundledFlowJson) throws GraphCallException {
        var state = flows.state(metaFlowId);
        Optional<byte[]> atMeta = flows.flowJson(metaFlowId);
        Drift drift = atMeta.isEmpty() ? Drift.NONE_AT_META
                : sameJson(atMeta.get(), bundledFlowJson) ? Drift.SAME : Drift.DIFFERENT;
        return new Report(state, drift);
    }

    /** As JSON values: Meta may re-indent or reorder the file it stores without changing what it means. */
    private boolean sameJson(byte[] atMeta, byte[] bundled) {
        try {
            Map<String, Object> theirs = json.readObject(atMeta);
            Map<String, Object> ours = json.readObject(bundled);
            return theirs.equals(ours);
        } catch (JsonCodec.MalformedJsonException e) {
            return false;
        }
    }
}
