package io.flowgate.core.service;

import io.flowgate.core.domain.DecryptedMessage;
import io.flowgate.core.domain.EndpointStatus;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.MalformedRequestException;
import io.flowgate.core.domain.NullValues;
import io.flowgate.core.domain.ReplyPayload;
import io.flowgate.core.domain.RequestClassifier;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.core.domain.TokenRejectedException;
import io.flowgate.core.port.in.HandleFlowRequest;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.SessionStore;
import io.flowgate.spi.ErrorNotification;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;
import io.flowgate.spi.FlowSession;
import io.flowgate.spi.MediaAccess;

import java.lang.System.Logger.Level;
import io.flowgate.core.domain.SignatureRejectedException;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.core.port.out.RequestSignatures;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Answers pings and error notifications itself; checks the flow token of every other step, runs the
 * plugin with the token's session, and saves what the plugin changed with optimistic locking.
 */
public final class FlowRequestService implements HandleFlowRequest {

    private static final System.Logger LOG = System.getLogger(FlowRequestService.class.getName());
    static final String COMPLETION_SCREEN = "SUCCESS";
    /** A step re-runs on a fresh session when another instance saved the same session meanwhile. */
    static final int MAX_ATTEMPTS = 3;

    private final FlowPluginCatalog plugins;
    private final SessionStore sessions;
    private final SessionResolver resolver;
    private final TokenSignatureCheck tokenSignatures;
    private final Duration handlerTimeout;
    private final MediaAccess media;
    /** Each plugin call runs on its own virtual thread, so a call past its budget can be abandoned. */
    private final ExecutorService pluginCalls = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param handlerTimeout how long a plugin may take for one step before the request fails (Meta gives up
     *                       after 10 s, and alerts from 1 s)
     */
    public FlowRequestService(FlowPluginCatalog plugins, SessionStore sessions, TokenPolicy policy, Clock clock,
                              RequestSignatures signatures, JsonCodec json, Duration handlerTimeout) {
        this(plugins, sessions, policy, clock, signatures, json, handlerTimeout, MediaAccess.NONE);
    }

    /** @param media how plugins fetch the files users upload ({@link FlowRequest#media(String)}) */
    public FlowRequestService(FlowPluginCatalog plugins, SessionStore sessions, TokenPolicy policy, Clock clock,
                              RequestSignatures signatures, JsonCodec json, Duration handlerTimeout, MediaAccess media) {
        this.media = Objects.requireNonNull(media, "media");
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.resolver = new SessionResolver(sessions, policy, clock);
        this.tokenSignatures = new TokenSignatureCheck(signatures, json, clock);
        this.handlerTimeout = Objects.requireNonNull(handlerTimeout, "handlerTimeout");
    }

    @Override
    public ReplyPayload handle(FlowId flowId, Map<String, Object> payload)
            throws UnknownFlowException, MalformedRequestException, PluginFailureException, SignatureRejectedException {
        FlowPlugin plugin = plugins.find(flowId).orElseThrow(() -> new UnknownFlowException(flowId.value()));
        payload = withoutNulls(flowId, payload);
        return switch (RequestClassifier.classify(payload)) {
            case DecryptedMessage.HealthCheck ignored -> ReplyPayload.healthy();
            case DecryptedMessage.ErrorReport report -> acknowledge(flowId, plugin, report.notification());
            case DecryptedMessage.Step step -> {
                String summary = "action=" + step.request().action().wireName() + " screen=" + step.request().screen();
                tokenSignatures.check(payload.get("flow_token_signature"), step.request().flowToken());
                try {
                    yield runStep(flowId, plugin, step.request(), summary);
                } catch (TokenRejectedException e) {
                    LOG.log(Level.WARNING, "flow {0}: 427, {1}", flowId, e.getMessage());
                    yield ReplyPayload.deadToken(e.userMessage(), summary);
                }
            }
        };
    }

    /** The client's nulls are absent values (see {@link NullValues}); only their number is logged, never a value. */
    private static Map<String, Object> withoutNulls(FlowId flowId, Map<String, Object> payload) {
        NullValues.Dropped dropped = NullValues.drop(payload);
        if (dropped.count() > 0) {
            LOG.log(Level.DEBUG, "flow {0}: {1} null value(s) in the request dropped as absent", flowId, dropped.count());
        }
        return dropped.values();
    }

    private ReplyPayload runStep(FlowId flowId, FlowPlugin plugin, FlowRequest request, String summary)
            throws TokenRejectedException, PluginFailureException {
        SessionRecord stored = resolver.resolve(flowId, request.flowToken());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            FlowSession session = FlowSession.of(stored.token(), stored.waId(), stored.context(), stored.data());
            // Compared after the same normalisation the session applies, so only the plugin's changes count.
            Map<String, Object> before = Map.copyOf(session.values());
            FlowResponse response = askPlugin(flowId, plugin, request.toBuilder().session(session).mediaAccess(media).build());
            boolean completes = response instanceof FlowResponse.CompleteFlow;
            if (!completes && session.values().equals(before)) {
                return toReply(request, response, summary);
            }
            if (sessions.update(stored.token(), stored.version(), session.values(), completes, resolver.now())) {
                return toReply(request, response, summary);
            }
            // Another instance saved this session meanwhile: run the step again on what it saved.
            stored = resolver.reloadLive(flowId, stored.token());
        }
        throw new PluginFailureException("flow " + flowId + ": the session changed concurrently " + MAX_ATTEMPTS
                + " times in a row; the step was not saved", null);
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
        return ReplyPayload.acknowledged(notification.screen());
    }

    private FlowResponse askPlugin(FlowId flowId, FlowPlugin plugin, FlowRequest request) throws PluginFailureException {
        FlowResponse response;
        String step = request.action().wireName() + " from screen \"" + request.screen() + "\"";
        Future<FlowResponse> call = pluginCalls.submit(() -> plugin.handle(request));
        try {
            response = call.get(handlerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new PluginFailureException("flow " + flowId + ": the plugin took longer than " + handlerTimeout.toMillis()
                    + " ms (flowgate.handler.timeout) on " + step + "; it was interrupted", null);
        } catch (ExecutionException e) {
            throw new PluginFailureException("flow " + flowId + ": the plugin failed on " + step, e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new PluginFailureException("flow " + flowId + ": interrupted while waiting for the plugin", e);
        }
        if (response == null) {
            throw new PluginFailureException("flow " + flowId + ": the plugin returned no response for "
                    + request.action().wireName() + " from screen \"" + request.screen() + "\"", null);
        }
        return response;
    }

    private static ReplyPayload toReply(FlowRequest request, FlowResponse response, String summary) {
        return switch (response) {
            case FlowResponse.NextScreen next -> screenReply(next.screen(), next.data(), summary);
            case FlowResponse.CompleteFlow complete -> {
                // WhatsApp requires params.flow_token; the request's own token is the only right value.
                var params = new LinkedHashMap<String, Object>(complete.params());
                params.put("flow_token", request.flowToken());
                yield screenReply(COMPLETION_SCREEN, Map.of("extension_message_response", Map.of("params", params)), summary);
            }
        };
    }

    /** Screen first, then data: the order Meta's documentation shows, which keeps captured traffic readable. */
    private static ReplyPayload screenReply(String screen, Map<String, Object> data, String summary) {
        var json = new LinkedHashMap<String, Object>(4);
        json.put("screen", screen);
        json.put("data", data);
        return new ReplyPayload(EndpointStatus.OK, json, summary + " next=" + screen);
    }
}
