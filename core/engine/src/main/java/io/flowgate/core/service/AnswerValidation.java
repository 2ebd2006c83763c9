package io.flowgate.core.service;

import io.flowgate.core.domain.FlowId;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.port.out.FlowgateTelemetry;
import io.flowgate.flowjson.Finding;
import io.flowgate.flowjson.RequestContext;
import io.flowgate.flowjson.ResponseChecker;
import io.flowgate.flowjson.Severity;
import io.flowgate.flowjson.Verdict;
import io.flowgate.spi.FlowAction;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Checks every answer, exactly as it will be sent, against the flow's Flow JSON before it leaves: the
 * WhatsApp client rejects a screen that breaks the routing model or the screen's data model, and the team
 * would otherwise learn of it from an error notification or Meta's client-error-rate alert.
 */
public final class AnswerValidation {

    private static final System.Logger LOG = System.getLogger(AnswerValidation.class.getName());

    /** What happens to an answer with errors. */
    public enum Mode {
        /** Not checked. */
        OFF,
        /** Sent anyway; one WARNING line names the findings. */
        WARN,
        /** Not sent: the request fails with 500 and the same line at ERROR. */
        ENFORCE;

        public static Mode parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "off" -> OFF;
                case "warn" -> WARN;
                case "enforce" -> ENFORCE;
                default -> throw new IllegalArgumentException("validation mode \"" + text
                        + "\": expected off, warn or enforce");
            };
        }
    }

    /** A flow's compiled Flow JSON and what to do with an answer that breaks it. */
    public record FlowRules(ResponseChecker checker, Mode mode) {
        public FlowRules {
            Objects.requireNonNull(checker, "checker");
            Objects.requireNonNull(mode, "mode");
        }
    }

    /** No flow has a Flow JSON: nothing is checked. */
    public static final AnswerValidation NONE = new AnswerValidation(Map.of());

    /** Sessions remembered for {@link #lastViolation}; beyond it the oldest are forgotten. */
    static final int REMEMBERED_SESSIONS = 10_000;

    private final Map<FlowId, FlowRules> rules;
    /**
     * The findings of each session's last answer that broke its Flow JSON, by flow token, in this process only:
     * an error notification about it names them. Bounded, oldest first out; findings hold no values.
     */
    private final Map<String, String> lastViolations = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > REMEMBERED_SESSIONS;
                }
            });

    private final FlowgateTelemetry telemetry;

    public AnswerValidation(Map<FlowId, FlowRules> rules) {
        this(rules, FlowgateTelemetry.NONE);
    }

    /** @param telemetry counts the errors and warnings of every checked answer by finding code */
    public AnswerValidation(Map<FlowId, FlowRules> rules, FlowgateTelemetry telemetry) {
        this.rules = Map.copyOf(rules);
        this.telemetry = java.util.Objects.requireNonNull(telemetry, "telemetry");
    }

    /** The same rules, counting their findings into {@code telemetry}. */
    public AnswerValidation reportingTo(FlowgateTelemetry telemetry) {
        return new AnswerValidation(rules, telemetry);
    }

    /**
     * What was wrong with the last answer this process sent (or refused) for the token, if it broke the Flow
     * JSON: the likely reason why the client then reported an error.
     */
    java.util.Optional<String> lastViolation(String flowToken) {
        return flowToken == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(lastViolations.get(flowToken));
    }

    /**
     * @param answer the answer as it will be encrypted ({@code {"screen": ..., "data": ...}})
     * @throws PluginFailureException in enforce mode, when the answer has errors; its message names them
     */
    void check(FlowId flowId, FlowAction action, String screen, String flowToken, Map<String, Object> answer)
            throws PluginFailureException {
        FlowRules flow = rules.get(flowId);
        if (flow == null || flow.mode() == Mode.OFF) {
            return;
        }
        Verdict verdict = flow.checker().check(context(action, screen, flowToken), answer);
        if (!verdict.hasErrors()) {
            lastViolations.remove(flowToken);
        }
        if (!verdict.hasErrors() && verdict.withSeverity(Severity.WARNING).isEmpty()) {
            return;
        }
        telemetry.answerBrokeFlowJson(flowId.value(), shown(verdict).stream().map(finding -> finding.code().name()).toList());
        String line = "flow " + flowId + ": the answer to " + action.wireName() + " from screen \""
                + printable(screen) + "\" to \"" + printable(String.valueOf(answer.get("screen")))
                + "\" breaks the Flow JSON: " + describe(verdict);
        if (verdict.hasErrors()) {
            lastViolations.put(flowToken, "the answer to " + action.wireName() + " from screen \"" + printable(screen)
                    + "\" to \"" + printable(String.valueOf(answer.get("screen"))) + "\": " + describe(verdict));
        }
        if (!verdict.hasErrors()) {
            LOG.log(Level.WARNING, line);
        } else if (flow.mode() == Mode.WARN) {
            LOG.log(Level.WARNING, line + " (sent anyway: flowgate.validation.mode is warn)");
        } else {
            throw new PluginFailureException(line + " (not sent: flowgate.validation.mode is enforce)", null);
        }
    }

    /**
     * The findings of an answer against the flow's Flow JSON, without acting on them: for tools that show them
     * to a developer (the playground's side panel). Empty when the flow's answers are not checked (no Flow JSON,
     * or mode off).
     */
    public java.util.Optional<Verdict> verdict(FlowId flowId, FlowAction action, String screen, String flowToken,
                                               Map<String, Object> answer) {
        FlowRules flow = rules.get(flowId);
        if (flow == null || flow.mode() == Mode.OFF) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(flow.checker().check(context(action, screen, flowToken), answer));
    }

    private static RequestContext context(FlowAction action, String screen, String flowToken) {
        return switch (action) {
            case INIT -> RequestContext.init(flowToken);
            case BACK -> RequestContext.back(screen, flowToken);
            case DATA_EXCHANGE -> RequestContext.dataExchange(screen, flowToken);
        };
    }

    /** Codes and paths of the errors and warnings; findings never carry values, only names and types. */
    private static String describe(Verdict verdict) {
        String text = shown(verdict).stream().map(Finding::toString).collect(Collectors.joining("; "));
        return verdict.omitted() > 0 ? text + "; and " + verdict.omitted() + " more" : text;
    }

    private static List<Finding> shown(Verdict verdict) {
        return verdict.findings().stream()
                .filter(finding -> finding.severity() == Severity.ERROR || finding.severity() == Severity.WARNING)
                .toList();
    }

    private static String printable(String value) {
        String shortened = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return shortened.replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
