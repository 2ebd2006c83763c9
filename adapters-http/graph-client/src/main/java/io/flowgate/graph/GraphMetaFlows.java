package io.flowgate.graph;

import io.flowgate.core.domain.FlowValidationError;
import io.flowgate.core.domain.GraphCallException;
import io.flowgate.core.domain.MetaFlowState;
import io.flowgate.core.port.out.MetaFlows;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Meta's Flows API: {@code /{waba-id}/flows}, {@code /{flow-id}}, {@code /{flow-id}/assets}, {@code /publish}. */
public final class GraphMetaFlows implements MetaFlows {

    static final String STATE_FIELDS = "id,name,status,validation_errors,json_version,endpoint_uri,health_status";

    private final GraphApi graph;

    public GraphMetaFlows(GraphApi graph) {
        this.graph = graph;
    }

    /** Never repeated: a repeat after a lost answer would create a second flow. */
    @Override
    public String create(String wabaId, String name, List<String> categories) throws GraphCallException {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("categories", categories);
        String call = "creating flow \"" + name + "\" in WhatsApp Business Account " + wabaId;
        Map<String, Object> answer = graph.postJson(GraphPaths.segment(wabaId) + "/flows", body, GraphApi.Repeat.NEVER, call);
        if (answer.get("id") instanceof String id && !id.isBlank()) {
            return id;
        }
        throw new GraphCallException(call + ": Meta's answer has no id", (Throwable) null);
    }

    @Override
    public List<FlowValidationError> uploadFlowJson(String metaFlowId, byte[] flowJson) throws GraphCallException {
        Map<String, Object> answer = graph.postMultipart(GraphPaths.segment(metaFlowId) + "/assets",
                Map.of("name", "flow.json", "asset_type", "FLOW_JSON"), "file", "flow.json", "application/json", flowJson,
                GraphApi.Repeat.SAFE, "uploading the Flow JSON of Meta flow " + metaFlowId);
        return validationErrors(answer.get("validation_errors"));
    }

    @Override
    public void setEndpointUri(String metaFlowId, String endpointUri) throws GraphCallException {
        graph.postJson(GraphPaths.segment(metaFlowId), Map.of("endpoint_uri", endpointUri), GraphApi.Repeat.SAFE,
                "setting the endpoint of Meta flow " + metaFlowId);
    }

    @Override
    public void publish(String metaFlowId) throws GraphCallException {
        String call = "publishing Meta flow " + metaFlowId;
        Map<String, Object> answer = graph.postJson(GraphPaths.segment(metaFlowId) + "/publish", Map.of(),
                GraphApi.Repeat.SAFE, call);
        if (!Boolean.TRUE.equals(answer.get("success"))) {
            throw new GraphCallException(call + ": Meta did not answer {\"success\": true}", (Throwable) null);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public MetaFlowState state(String metaFlowId) throws GraphCallException {
        Map<String, Object> answer = graph.get(GraphPaths.segment(metaFlowId), "fields=" + STATE_FIELDS,
                "reading Meta flow " + metaFlowId);
        Optional<MetaFlowState.Health> health = Optional.empty();
        if (answer.get("health_status") instanceof Map<?, ?> status) {
            List<MetaFlowState.Entity> entities = new ArrayList<>();
            if (status.get("entities") instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> entity) {
                        entities.add(new MetaFlowState.Entity(GraphApi.text(entity.get("entity_type")),
                                GraphApi.text(entity.get("id")), GraphApi.text(entity.get("can_send_message")),
                                errors(entity.get("errors"))));
                    }
                }
            }
            health = Optional.of(new MetaFlowState.Health(GraphApi.text(status.get("can_send_message")), entities));
        }
        return new MetaFlowState(GraphApi.text(answer.getOrDefault("id", metaFlowId)), GraphApi.text(answer.get("name")),
                GraphApi.text(answer.get("status")), validationErrors(answer.get("validation_errors")), health);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<byte[]> flowJson(String metaFlowId) throws GraphCallException {
        String call = "reading the Flow JSON of Meta flow " + metaFlowId;
        Map<String, Object> answer = graph.get(GraphPaths.segment(metaFlowId) + "/assets", "", call);
        if (!(answer.get("data") instanceof List<?> assets)) {
            return Optional.empty();
        }
        for (Object item : assets) {
            if (item instanceof Map<?, ?> asset && "FLOW_JSON".equals(asset.get("asset_type"))
                    && asset.get("download_url") instanceof String url && !url.isBlank()) {
                return Optional.of(graph.download(URI.create(url), call));
            }
        }
        return Optional.empty();
    }

    /** Meta's entity errors are objects ({@code error_code}, {@code error_description}, ...) or plain strings. */
    private static List<String> errors(Object value) {
        List<String> errors = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> error) {
                    String description = GraphApi.text(error.get("error_description"));
                    String code = GraphApi.text(error.get("error_code"));
                    String hint = GraphApi.text(error.get("possible_solution"));
                    errors.add((code.isEmpty() ? "" : code + ": ") + description + (hint.isEmpty() ? "" : " (" + hint + ")"));
                } else if (item != null) {
                    errors.add(item.toString());
                }
            }
        }
        return errors;
    }

    private static List<FlowValidationError> validationErrors(Object value) {
        List<FlowValidationError> errors = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> error) {
                    errors.add(new FlowValidationError(GraphApi.text(error.get("error")),
                            GraphApi.text(error.get("error_type")), GraphApi.text(error.get("message")),
                            (int) GraphApi.number(error.get("line_start")), (int) GraphApi.number(error.get("line_end")),
                            (int) GraphApi.number(error.get("column_start")), (int) GraphApi.number(error.get("column_end"))));
                }
            }
        }
        return errors;
    }
}
