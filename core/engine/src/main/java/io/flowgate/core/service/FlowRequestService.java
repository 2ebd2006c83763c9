package io.flowgate.core.service;

import io.flowgate.core.domain.DecryptedMessage;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.MalformedRequestException;
import io.flowgate.core.domain.ReplyPayload;
import io.flowgate.core.domain.RequestClassifier;
import io.flowgate.core.port.in.HandleFlowRequest;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.spi.ErrorNotification;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Answers pings and error notifications itself and routes every other step to the flow's plugin. */
public final class FlowRequestService implements HandleFlowRequest {

    private static final System.Logger LOG = System.getLogger(FlowRequestService.class.getName());
    static final String COMPLETION_SCREEN = "SUCCESS";

    private final FlowPluginCatalog plugins;

    public FlowRequestService(FlowPluginCatalog plugins) {
        this.plugins = Objects.requireNonNull(plugins, "plugins");
    }

    @Override
    public ReplyPayload handle(FlowId flowId, Map<String, Object> payload)
            throws UnknownFlowException, MalformedRequestException, PluginFailureException {
        FlowPlugin plugin = plugins.find(flowId).orElseThrow(() -> new UnknownFlowException(flowId.value()));
        return switch (RequestClassifier.classify(payload)) {
            case DecryptedMessage.HealthCheck ignored -> ReplyPayload.healthy();
            case DecryptedMessage.ErrorReport report -> acknowledge(flowId, plugin, report.notification());
            case DecryptedMessage.Step step -> toReply(step.request(), askPlugin(flowId, plugin, step.request()));
        };
    }

    private static ReplyPayload acknowledge(FlowId flowId, FlowPlugin plugin, ErrorNotification notification) {
        LOG.log(Level.WARNING, "flow {0}: the WhatsApp client rejected a response on screen {1}: {2}",
                flowId, notification.screen(), notification.errorKey());
        try {
            plugin.onErrorNotification(notification);
        } catch (Exception | LinkageError e) {
            // The acknowledgement is owed to WhatsApp whatever the observer does.
            LOG.log(Level.ERROR, "flow " + flowId + ": the plugin failed while observing an error notification", e);
        }
        return ReplyPayload.acknowledged();
    }

    private static FlowResponse askPlugin(FlowId flowId, FlowPlugin plugin, FlowRequest request)
            throws PluginFailureException {
        FlowResponse response;
        try {
            response = plugin.handle(request);
        } catch (Exception | LinkageError e) {
            throw new PluginFailureException("flow " + flowId + ": the plugin failed on " + request.action().wireName()
                    + " from screen \"" + request.screen() + "\"", e);
        }
        if (response == null) {
            throw new PluginFailureException("flow " + flowId + ": the plugin returned no response for "
                    + request.action().wireName() + " from screen \"" + request.screen() + "\"", null);
        }
        return response;
    }

    private static ReplyPayload toReply(FlowRequest request, FlowResponse response) {
        return switch (response) {
            case FlowResponse.NextScreen next ->
                    screenReply(next.screen(), next.data());
            case FlowResponse.CompleteFlow complete -> {
                // WhatsApp requires params.flow_token; the request's own token is the only right value.
                var params = new LinkedHashMap<String, Object>(complete.params());
                params.put("flow_token", request.flowToken());
                yield screenReply(COMPLETION_SCREEN, Map.of("extension_message_response", Map.of("params", params)));
            }
        };
    }

    /** Screen first, then data: the order Meta's documentation shows, which keeps captured traffic readable. */
    private static ReplyPayload screenReply(String screen, Map<String, Object> data) {
        var json = new LinkedHashMap<String, Object>(4);
        json.put("screen", screen);
        json.put("data", data);
        return new ReplyPayload(json);
    }
}
