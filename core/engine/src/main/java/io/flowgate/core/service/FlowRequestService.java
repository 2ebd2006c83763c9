package io.flowgate.core.service;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.DecryptedMessage;
import io.flowgate.core.domain.EndpointStatus;
import io.flowgate.core.domain.AbandonmentPolicy;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.Journey;
import io.flowgate.core.domain.JourneyStep;
import io.flowgate.core.domain.LogSafe;
import io.flowgate.core.domain.MalformedRequestException;
import io.flowgate.core.domain.NullValues;
import io.flowgate.core.domain.ReplyPayload;
import io.flowgate.core.domain.RequestClassifier;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.core.domain.TokenRejectedException;
import io.flowgate.core.port.in.HandleFlowRequest;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.port.in.PluginSaturatedException;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.FlowgateTelemetry;
import io.flowgate.core.port.out.JourneyEvents;
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
    private final PluginCalls pluginCalls;
    private final MediaAccess media;
    private final AnswerValidation answers;
    private final Duration abandonAfter;
    private final JourneyEvents journeyEvents;
    private final FlowgateTelemetry telemetry;

    /** @param pluginCalls runs every call into a plugin within the request's deadline */
    public FlowRequestService(FlowPluginCatalog plugins, SessionStore sessions, TokenPolicy policy, Clock clock,
                              RequestSignatures signatures, JsonCodec json, PluginCalls pluginCalls) {
        this(plugins, sessions, policy, clock, signatures, json, pluginCalls, MediaAccess.NONE);
    }

    /** @param media how plugins fetch the files users upload ({@link FlowRequest#media(String)}) */
    public FlowRequestService(FlowPluginCatalog plugins, SessionStore sessions, TokenPolicy policy, Clock clock,
                              RequestSignatures signatures, JsonCodec json, PluginCalls pluginCalls, MediaAccess media) {
        this(plugins, sessions, policy, clock, signatures, json, pluginCalls, media, AnswerValidation.NONE);
    }

    /** @param answers checks every answer against its flow's Flow JSON before it is saved and sent */
    public FlowRequestService(FlowPluginCatalog plugins, SessionStore sessions, TokenPolicy policy, Clock clock,
                              RequestSignatures signatures, JsonCodec json, PluginCalls pluginCalls, MediaAccess media,
                              AnswerValidation answers) {
        this(plugins, sessions, policy, clock, signatures, json, pluginCalls, media, answers,
                AbandonmentPolicy.defaults().abandonAfter(), JourneyEvents.NONE);
    }

    /**
     * @param abandonAfter  a step this long after the previous one revives an abandoned session (a return)
     * @param journeyEvents told of screens reached and completions, once per session
     */
    public FlowRequestService(FlowPluginCatalog plugins, SessionStore sessions, TokenPolicy policy, Clock clock,
                              RequestSignatures signatures, JsonCodec json, PluginCalls pluginCalls, MediaAccess media,
                              AnswerValidation answers, Duration abandonAfter, JourneyEvents journeyEvents) {
        this(plugins, sessions, policy, clock, signatures, json, pluginCalls, media, answers, abandonAfter,
                journeyEvents, FlowgateTelemetry.NONE);
    }

    /** @param telemetry counts dead tokens (427) by reason */
    public FlowRequestService(FlowPluginCatalog plugins, SessionStore sessions, TokenPolicy policy, Clock clock,
                              RequestSignatures signatures, JsonCodec json, PluginCalls pluginCalls, MediaAccess media,
                              AnswerValidation answers, Duration abandonAfter, JourneyEvents journeyEvents,
                              FlowgateTelemetry telemetry) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.abandonAfter = Objects.requireNonNull(abandonAfter, "abandonAfter");
        this.journeyEvents = Objects.requireNonNull(journeyEvents, "journeyEvents");
        this.answers = Objects.requireNonNull(answers, "answers");
        this.media = Objects.requireNonNull(media, "media");
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.resolver = new SessionResolver(sessions, policy, clock);
        this.tokenSignatures = new TokenSignatureCheck(signatures, json, clock);
        this.pluginCalls = Objects.requireNonNull(pluginCalls, "pluginCalls");
    }

    @Override
    public ReplyPayload handle(FlowId flowId, Map<String, Object> payload, Deadline deadline)
            throws UnknownFlowException, MalformedRequestException, PluginFailureException, SignatureRejectedException,
            PluginSaturatedException, DeadlineExceededException {
        FlowPlugin plugin = plugins.find(flowId).orElseThrow(() -> new UnknownFlowException(flowId.value()));
        payload = withoutNulls(flowId, payload);
        return switch (RequestClassifier.classify(payload)) {
            case DecryptedMessage.HealthCheck ignored -> ReplyPayload.healthy();
            case DecryptedMessage.ErrorReport report -> acknowledge(flowId, plugin, report.notification(), deadline);
            case DecryptedMessage.Step step -> {
                String summary = "action=" + step.request().action().wireName() + " screen=" + LogSafe.text(step.request().screen());
                tokenSignatures.check(payload.get("flow_token_signature"), step.request().flowToken());
                try {
                    yield runStep(flowId, plugin, step.request(), summary, deadline);
                } catch (TokenRejectedException e) {
                    LOG.log(Level.WARNING, "flow {0}: 427, {1}", flowId, e.getMessage());
                    telemetry.tokenRejected(flowId.value(), e.reason().label());
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

    private ReplyPayload runStep(FlowId flowId, FlowPlugin plugin, FlowRequest request, String summary, Deadline deadline)
            throws TokenRejectedException, PluginFailureException, PluginSaturatedException, DeadlineExceededException {
        SessionRecord stored = resolver.resolve(flowId, request.flowToken(), deadline);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            requireTime(deadline, "before attempt " + attempt + " of the step");
            FlowSession session = FlowSession.of(stored.token(), stored.waId(), stored.context(), stored.data());
            ReplyPayload reply;
            boolean completes;
            try {
                FlowResponse response = askPlugin(flowId, plugin,
                        request.toBuilder().session(session).mediaAccess(media).build(), deadline);
                completes = response instanceof FlowResponse.CompleteFlow;
                reply = toReply(request, response, summary);
                // Checked before anything is saved: an answer that is not sent must not have changed the session.
                answers.check(flowId, request.action(), request.screen(), request.flowToken(), reply.json());
            } catch (PluginFailureException e) {
                recordFailedStep(stored, request, deadline);
                throw e;
            }
            // Every answered step is on the session's path, so every step writes, in the one update it makes:
            // the path costs no round trip of its own.
            Journey journey = stored.journey().record(step(request, String.valueOf(reply.json().get("screen")), 200),
                    abandonAfter);
            // A step whose request has already been answered with an error must not be committed: the user
            // retries it, and a committed abandoned step would apply it twice.
            requireTime(deadline, "before the step was saved; it was not saved");
            if (sessions.update(stored.token(), stored.version(), session.values(), journey, completes, resolver.now(),
                    deadline)) {
                announce(flowId, stored.journey(), journey, completes);
                return reply;
            }
            // Another instance saved this session meanwhile: run the step again on what it saved.
            stored = resolver.reloadLive(flowId, stored.token(), deadline);
        }
        throw new PluginFailureException("flow " + flowId + ": the session changed concurrently " + MAX_ATTEMPTS
                + " times in a row; the step was not saved", null);
    }

    private JourneyStep step(FlowRequest request, String answeredScreen, int status) {
        return new JourneyStep(request.action().wireName(), request.screen(), answeredScreen, status, resolver.now());
    }

    /**
     * A step the plugin (or the Flow JSON check) failed is on the path too, with its 500, when there is time to
     * write it; the session's values stay as they were, and losing a race or the time only loses this entry.
     */
    private void recordFailedStep(SessionRecord stored, FlowRequest request, Deadline deadline) {
        if (deadline.remainingNanos() <= 0) {
            return;
        }
        try {
            sessions.update(stored.token(), stored.version(), stored.data(),
                    stored.journey().record(step(request, "", 500), abandonAfter), false, resolver.now(), deadline);
        } catch (DeadlineExceededException | RuntimeException e) {
            LOG.log(Level.DEBUG, "the failed step was not recorded on the session''s path: {0}", e.getMessage());
        }
    }

    private void announce(FlowId flowId, Journey before, Journey after, boolean completed) {
        try {
            for (String screen : before.newlyReached(after)) {
                journeyEvents.screenReached(flowId.value(), screen);
            }
            if (completed) {
                journeyEvents.sessionCompleted(flowId.value());
            }
        } catch (RuntimeException e) {
            // An observer's failure must not fail a step that has been saved.
            LOG.log(Level.WARNING, "flow {0}: the journey observer failed: {1}", flowId, e.toString());
        }
    }

    private ReplyPayload acknowledge(FlowId flowId, FlowPlugin plugin, ErrorNotification notification,
                                     Deadline deadline) {
        LOG.log(Level.WARNING, "flow {0}: the WhatsApp client rejected a response on screen {1}: {2}{3}",
                flowId, LogSafe.text(notification.screen()), LogSafe.text(notification.errorKey()),
                answers.lastViolation(notification.flowToken())
                        .map(found -> "; the session's last answer broke the Flow JSON: " + found).orElse(""));
        try {
            pluginCalls.call(flowId, "an error notification", deadline, () -> {
                plugin.onErrorNotification(notification);
                return Boolean.TRUE;
            });
        } catch (PluginFailureException | PluginSaturatedException e) {
            // The acknowledgement is owed to WhatsApp whatever the observer does.
            LOG.log(Level.ERROR, e.getMessage(), e.getCause());
        }
        return ReplyPayload.acknowledged(notification.screen());
    }

    private static void requireTime(Deadline deadline, String stage) throws DeadlineExceededException {
        if (deadline.passed()) {
            throw new DeadlineExceededException(stage);
        }
    }

    private FlowResponse askPlugin(FlowId flowId, FlowPlugin plugin, FlowRequest request, Deadline deadline)
            throws PluginFailureException, PluginSaturatedException {
        String step = request.action().wireName() + " from screen \"" + LogSafe.text(request.screen()) + "\"";
        FlowResponse response = pluginCalls.call(flowId, step, deadline, () -> plugin.handle(request));
        if (response == null) {
            telemetry.pluginFailed(flowId.value(), FlowgateTelemetry.PluginFailure.FAILURE);
            throw new PluginFailureException("flow " + flowId + ": the plugin returned no response for " + step, null);
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
