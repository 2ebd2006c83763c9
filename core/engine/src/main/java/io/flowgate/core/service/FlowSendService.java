package io.flowgate.core.service;

import io.flowgate.core.domain.GraphCallException;
import io.flowgate.core.domain.NullValues;
import io.flowgate.core.port.in.IssueFlowToken;
import io.flowgate.core.port.in.IssueFlowToken.InvalidTokenRequestException;
import io.flowgate.core.port.in.SendFlowMessage;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.FlowMessages;
import io.flowgate.core.port.out.SessionStore;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends a flow: checks everything it can before anything happens, issues the token, sends the message through
 * Meta and records its id. A message Meta did not take leaves its token revoked, so no live token exists for a
 * message nobody received.
 */
public final class FlowSendService implements SendFlowMessage {

    private static final System.Logger LOG = System.getLogger(FlowSendService.class.getName());
    private static final Pattern TO = Pattern.compile("\\+?[0-9]{5,20}");
    /** Meta's advice for flow_cta: at most 30 characters (some clients cut at 20). */
    public static final int MAX_CTA = 30;
    /** Meta's limits for an interactive message's texts. */
    public static final int MAX_BODY = 1024;
    public static final int MAX_HEADER = 60;
    public static final int MAX_FOOTER = 60;

    /**
     * What the server knows about Meta for sending.
     *
     * @param phoneNumberId the business number the messages go out from; empty when not configured
     * @param metaFlowIds   {@code flowgate.flows.<flowId>.meta-flow-id}
     */
    public record Config(Optional<String> phoneNumberId, Map<String, String> metaFlowIds, boolean accessTokenSet) {
        public Config {
            metaFlowIds = Map.copyOf(metaFlowIds);
        }
    }

    private final IssueFlowToken tokens;
    private final SessionStore sessions;
    private final FlowMessages messages;
    private final Config config;
    private final Clock clock;

    public FlowSendService(IssueFlowToken tokens, SessionStore sessions, FlowMessages messages, Config config, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Sent send(Request request) throws UnknownFlowException, InvalidSendException, NotSentException {
        String to = recipient(request.to());
        Optional<Template> template = request.template();
        String mode = request.mode().orElse("published");
        if (!mode.equals("published") && !mode.equals("draft")) {
            throw new InvalidSendException("\"mode\" must be \"published\" or \"draft\", not \"" + mode + "\"");
        }
        Optional<String> nullAt = NullValues.firstNullPath(request.data(), "data");
        if (nullAt.isPresent()) {
            throw new InvalidSendException(nullAt.get() + " is null: WhatsApp refuses nulls, omit the field instead");
        }
        String metaFlowId = "";
        if (template.isEmpty()) {
            checkInteractive(request);
            metaFlowId = request.metaFlowId().filter(id -> !id.isBlank())
                    .or(() -> Optional.ofNullable(config.metaFlowIds().get(request.flowId())))
                    .orElseThrow(() -> new InvalidSendException("no Meta flow id for flow \"" + request.flowId()
                            + "\": pass \"meta_flow_id\" or set flowgate.flows." + request.flowId() + ".meta-flow-id"));
        } else {
            checkTemplate(template.get());
        }
        String phoneNumberId = requireConfigured();

        IssueFlowToken.IssuedToken issued;
        try {
            issued = tokens.issue(request.flowId(), to, request.ttl(), request.context());
        } catch (InvalidTokenRequestException e) {
            throw new InvalidSendException(e.getMessage().replace("\"wa_id\"", "\"to\""));
        }
        String messageId;
        try {
            messageId = template.isPresent()
                    ? messages.send(phoneNumberId, new FlowMessages.Template(to, template.get().name(),
                            template.get().language(), template.get().components(), issued.flowToken(), request.data()))
                    : messages.send(phoneNumberId, interactive(request, to, metaFlowId, mode, issued.flowToken()));
        } catch (GraphCallException | RuntimeException e) {
            boolean revoked = sessions.revoke(issued.flowToken(), clock.instant());
            LOG.log(Level.WARNING, "flow {0}: the flow message was not sent ({1}); its token was {2}", request.flowId(),
                    e.getClass().getSimpleName(), revoked ? "revoked" : "not live any more");
            String reason = e instanceof GraphCallException graph ? graph.getMessage()
                    : "the message could not be sent (" + e.getClass().getSimpleName() + ")";
            throw new NotSentException(reason + ". The flow token issued for it has been revoked, so nothing live is"
                    + " left behind; send again for a new one.",
                    e instanceof GraphCallException graph ? graph.error().orElse(null) : null, e, true);
        }
        if (!sessions.attachMessageId(issued.flowToken(), messageId)) {
            LOG.log(Level.WARNING, "flow {0}: the message was sent, but its id could not be recorded with its token",
                    request.flowId());
        }
        LOG.log(Level.INFO, "flow {0}: flow message sent ({1})", request.flowId(),
                template.isPresent() ? "template " + template.get().name() : mode);
        return new Sent(issued.flowToken(), messageId, issued.expiresAt());
    }

    private static String recipient(String to) throws InvalidSendException {
        if (to == null || !TO.matcher(to).matches()) {
            throw new InvalidSendException("\"to\" must be the user's WhatsApp id (wa_id): 5 to 20 digits");
        }
        return to.startsWith("+") ? to.substring(1) : to;
    }

    private static void checkInteractive(Request request) throws InvalidSendException {
        String body = request.body().orElse("");
        if (body.isBlank() || body.length() > MAX_BODY) {
            throw new InvalidSendException("\"body\" must be the message text, 1 to " + MAX_BODY + " characters (it has "
                    + body.length() + ")");
        }
        String cta = request.cta().orElse("");
        if (cta.isBlank() || cta.length() > MAX_CTA) {
            throw new InvalidSendException("\"cta\" must be the button's text, 1 to " + MAX_CTA + " characters (it has "
                    + cta.length() + ")");
        }
        if (request.header().map(String::length).orElse(0) > MAX_HEADER) {
            throw new InvalidSendException("\"header\" must be at most " + MAX_HEADER + " characters");
        }
        if (request.footer().map(String::length).orElse(0) > MAX_FOOTER) {
            throw new InvalidSendException("\"footer\" must be at most " + MAX_FOOTER + " characters");
        }
        if (request.screen().isEmpty() && !request.data().isEmpty()) {
            throw new InvalidSendException("\"data\" needs \"screen\": without a screen the flow starts with INIT to"
                    + " the endpoint, and the plugin supplies the first screen's data");
        }
    }

    private static void checkTemplate(Template template) throws InvalidSendException {
        if (template.name() == null || template.name().isBlank()) {
            throw new InvalidSendException("\"template.name\" must be the approved template's name");
        }
        if (template.language() == null || template.language().isBlank()) {
            throw new InvalidSendException("\"template.language\" must be the template's language code, e.g. \"en_US\"");
        }
        for (Map<String, Object> component : template.components()) {
            if ("button".equals(component.get("type")) && "flow".equals(component.get("sub_type"))) {
                throw new InvalidSendException("\"template.components\" must not hold the flow button: Flowgate adds"
                        + " it with the flow token");
            }
        }
    }

    private String requireConfigured() throws NotSentException {
        if (config.phoneNumberId().isEmpty() || !config.accessTokenSet()) {
            throw new NotSentException("Meta is not configured: set flowgate.meta.access-token (or -file) and"
                    + " flowgate.meta.phone-number-id. Nothing was sent and no token issued.", null, null, false);
        }
        return config.phoneNumberId().get();
    }

    private static FlowMessages.Interactive interactive(Request request, String to, String metaFlowId, String mode,
                                                        String token) {
        FlowMessages.Opening opening = request.screen().isPresent() ? FlowMessages.Opening.NAVIGATE
                : FlowMessages.Opening.DATA_EXCHANGE;
        return new FlowMessages.Interactive(to, metaFlowId, token, request.cta().orElseThrow(),
                request.body().orElseThrow(), request.header(), request.footer(), mode, opening, request.screen(),
                request.data());
    }
}
