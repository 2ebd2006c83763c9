package io.flowgate.core.service;

import io.flowgate.core.domain.DeadlineExceededException;
import io.flowgate.core.domain.EndpointReply;
import io.flowgate.core.domain.EndpointRequest;
import io.flowgate.core.domain.EndpointStatus;
import io.flowgate.core.domain.EnvelopeParser;
import io.flowgate.core.domain.FailureSummary;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.LogLimiter;
import io.flowgate.core.domain.MalformedRequestException;
import io.flowgate.core.domain.ReplyPayload;
import io.flowgate.core.domain.RequestOutcome;
import io.flowgate.core.domain.SignatureRejectedException;
import io.flowgate.core.port.in.HandleFlowRequest;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.port.in.PluginSaturatedException;
import io.flowgate.core.port.in.ServeFlowEndpoint;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.CryptoOverloadedException;
import io.flowgate.core.port.out.EnvelopeCipher;
import io.flowgate.core.port.out.EnvelopeCipher.OpenedEnvelope;
import io.flowgate.core.port.out.EnvelopeDecryptionException;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.FlowgateTelemetry;
import io.flowgate.core.port.out.FlowgateTelemetry.RequestAction;
import io.flowgate.core.port.out.FlowgateTelemetry.SignatureKind;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.core.port.out.JsonCodec.MalformedJsonException;
import io.flowgate.core.port.out.RequestSignatures;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signature, envelope, decrypt, handle, encrypt. Each failure maps to the status WhatsApp understands, and
 * none carries a stack trace, a key, a token or the payload to the client or the log. Every request ends
 * with one log line (DEBUG for answers, WARNING for failures, ERROR for unexpected exceptions of any layer):
 * request id, flow, action, screen, status and latency.
 */
public final class FlowEndpointService implements ServeFlowEndpoint {

    private static final System.Logger LOG = System.getLogger(FlowEndpointService.class.getName());
    /** Per service, so per server: one server's flood does not silence another's lines in the same JVM. */
    private final LogLimiter failures = LogLimiter.forLogger(LOG);

    private final FlowPluginCatalog plugins;
    private final RequestSignatures signatures;
    private final EnvelopeCipher cipher;
    private final JsonCodec json;
    private final HandleFlowRequest handler;
    private final AtomicLong olderSecretMatches = new AtomicLong();
    private final FlowTraffic traffic;
    private final FlowgateTelemetry telemetry;
    /** Meta gives up on a request after 10 s: a later answer is a timeout whatever its status. */
    private static final long META_TIMEOUT_NANOS = 10_000_000_000L;

    public FlowEndpointService(FlowPluginCatalog plugins, RequestSignatures signatures, EnvelopeCipher cipher,
                               JsonCodec json, HandleFlowRequest handler) {
        this(plugins, signatures, cipher, json, handler, new FlowTraffic(java.util.List.of(), java.time.Clock.systemUTC()));
    }

    /** @param traffic records every answered request of a served flow, for its health against Meta's thresholds */
    public FlowEndpointService(FlowPluginCatalog plugins, RequestSignatures signatures, EnvelopeCipher cipher,
                               JsonCodec json, HandleFlowRequest handler, FlowTraffic traffic) {
        this(plugins, signatures, cipher, json, handler, traffic, FlowgateTelemetry.NONE);
    }

    /** @param telemetry told of every answer (flow, action, status, latency) and of each 432 and full queue */
    public FlowEndpointService(FlowPluginCatalog plugins, RequestSignatures signatures, EnvelopeCipher cipher,
                               JsonCodec json, HandleFlowRequest handler, FlowTraffic traffic,
                               FlowgateTelemetry telemetry) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.json = Objects.requireNonNull(json, "json");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public EndpointReply serve(EndpointRequest request) {
        long started = System.nanoTime();
        var stage = new Stage();
        Outcome outcome;
        try {
            outcome = answer(request, stage);
        } catch (RuntimeException | LinkageError e) {
            // A bug, a broken provider or a failing store: still one answer and one log line per request,
            // never the web server's bare 500. The line names the exception without its message.
            outcome = Outcome.internal(stage.current, e);
        }
        long elapsed = System.nanoTime() - started;
        // The one place where every answer's status is known; unknown flows are recorded under one label only
        // (bounded memory and series).
        boolean late = request.deadline().passed() || elapsed >= META_TIMEOUT_NANOS;
        boolean served = FlowId.isValid(request.flowId()) && outcome.reply.status() != EndpointStatus.UNKNOWN_FLOW;
        if (served) {
            traffic.record(new FlowId(request.flowId()), RequestOutcome.of(outcome.reply.status(), late),
                    outcome.healthCheck, elapsed);
        }
        telemetry.requestAnswered(served ? request.flowId() : FlowgateTelemetry.UNKNOWN_FLOW, outcome.action,
                outcome.reply.status().httpStatus(), elapsed, late);
        // Answers are logged at DEBUG, failures at WARNING: a line per request at INFO cost 15% of the
        // throughput in ./flowgate bench load. Raise this class to DEBUG (FINE) to see every request.
        Level level = outcome.reply.status() == EndpointStatus.OK ? Level.DEBUG
                : outcome.reply.status() == EndpointStatus.INTERNAL_ERROR ? Level.ERROR : Level.WARNING;
        if (LOG.isLoggable(level)) {
            double millis = elapsed / 1_000_000.0;
            String flow = FlowId.isValid(request.flowId()) ? request.flowId() : "(invalid)";
            String format = "req={0} flow={1} {2} status={3} latency_ms={4}{5}";
            Object[] fields = {request.requestId(), flow, outcome.summary, outcome.reply.status().httpStatus(),
                    String.format("%.1f", millis), outcome.reason.isEmpty() ? "" : " reason=\"" + outcome.reason + "\""};
            // Failures are limited per status (a flood of 503s must not become a flood of lines); answers are not.
            if (outcome.reply.status() == EndpointStatus.OK) {
                LOG.log(level, format, fields);
            } else {
                failures.log(level, outcome.reply.status().name(), format, fields);
            }
        }
        return outcome.reply;
    }

    private record Outcome(EndpointReply reply, String summary, String reason, boolean healthCheck,
                           RequestAction action) {
        static Outcome failure(EndpointStatus status, String explanation, String reason) {
            return failure(status, explanation, reason, RequestAction.UNKNOWN);
        }

        static Outcome failure(EndpointStatus status, String explanation, String reason, RequestAction action) {
            return new Outcome(EndpointReply.failure(status, explanation), "action=?", reason, false, action);
        }

        static Outcome internal(String stage, Throwable failure) {
            return failure(EndpointStatus.INTERNAL_ERROR, "The server failed unexpectedly; its log names the cause"
                    + " under this request's X-Request-Id.", "unexpected failure while " + stage + ": "
                    + FailureSummary.of(failure));
        }
    }

    /** Where a request is, so that an unexpected failure can say in which step it happened. */
    private static final class Stage {
        private String current = "finding the flow's plugin";
    }

    private Outcome answer(EndpointRequest request, Stage stage) {
        // Unknown flows are refused before the RSA operation, the one expensive step.
        if (!FlowId.isValid(request.flowId()) || plugins.find(new FlowId(request.flowId())).isEmpty()) {
            String shown = FlowId.isValid(request.flowId()) ? request.flowId() : "(not a valid flow id)";
            return Outcome.failure(EndpointStatus.UNKNOWN_FLOW, "No plugin serves flow " + shown + ".",
                    "no plugin serves flow " + shown);
        }
        FlowId flowId = new FlowId(request.flowId());
        stage.current = "checking the signature";
        if (signatures.enabled()) {
            OptionalInt secret = signatures.matchingSecret(request.body(), request.signatureHeader());
            if (secret.isEmpty()) {
                telemetry.signatureRejected(flowId.value(), SignatureKind.HUB_SIGNATURE);
                return Outcome.failure(EndpointStatus.SIGNATURE_INVALID, "X-Hub-Signature-256 is missing or wrong.",
                        request.signatureHeader() == null ? "no X-Hub-Signature-256 header"
                                : "X-Hub-Signature-256 matches no configured app secret");
            }
            noteRotation(secret.getAsInt());
        }

        stage.current = "reading the envelope";
        Map<String, Object> body;
        try {
            body = json.readObject(request.body());
        } catch (MalformedJsonException e) {
            String explanation = request.body().length == 0 ? "the request body is empty; expected the encrypted envelope JSON"
                    : "the request body is not a JSON object (" + e.getMessage() + ")";
            return Outcome.failure(EndpointStatus.BAD_REQUEST, explanation, explanation);
        }
        stage.current = "decrypting";
        OpenedEnvelope opened;
        try {
            opened = cipher.open(EnvelopeParser.parse(body), request.deadline());
        } catch (MalformedRequestException e) {
            return Outcome.failure(EndpointStatus.BAD_REQUEST, e.getMessage(), e.getMessage());
        } catch (EnvelopeDecryptionException e) {
            return Outcome.failure(EndpointStatus.DECRYPTION_FAILED,
                    "The request could not be decrypted with this endpoint's private key.", e.getMessage());
        } catch (CryptoOverloadedException e) {
            telemetry.decryptionRejected();
            return Outcome.failure(EndpointStatus.OVERLOADED, "The endpoint is overloaded; try again.", e.getMessage());
        } catch (DeadlineExceededException e) {
            return Outcome.failure(EndpointStatus.TIMED_OUT, "The endpoint could not answer in time; try again.",
                    e.getMessage());
        }

        // Closed on every way out, so the AES key is wiped also when no response is sealed (a bad payload,
        // a dead token, a failing plugin or an unexpected exception).
        try (opened) {
            return answerDecrypted(request, flowId, opened, stage);
        }
    }

    private Outcome answerDecrypted(EndpointRequest request, FlowId flowId, OpenedEnvelope opened, Stage stage) {
        stage.current = "handling the decrypted request";
        ReplyPayload reply;
        byte[] plaintext = opened.plaintext();
        RequestAction action = RequestAction.UNKNOWN;
        try {
            Map<String, Object> payload = json.readObject(plaintext);
            action = actionOf(payload);
            reply = handler.handle(flowId, payload, request.deadline());
        } catch (MalformedJsonException e) {
            // The codec's messages never quote the payload, so the client may read which rule it broke.
            return Outcome.failure(EndpointStatus.BAD_REQUEST, "The decrypted payload is not a JSON object within"
                    + " the limits: " + e.getMessage() + ".", "decrypted payload is not a JSON object: " + e.getMessage());
        } catch (MalformedRequestException e) {
            return Outcome.failure(EndpointStatus.BAD_REQUEST, "Not a flow request: " + e.getMessage(), e.getMessage(),
                    action);
        } catch (UnknownFlowException e) {
            return Outcome.failure(EndpointStatus.UNKNOWN_FLOW, "No plugin serves flow " + flowId + ".", e.getMessage(),
                    action);
        } catch (SignatureRejectedException e) {
            telemetry.signatureRejected(flowId.value(), SignatureKind.FLOW_TOKEN_SIGNATURE);
            return Outcome.failure(EndpointStatus.SIGNATURE_INVALID, "flow_token_signature is not valid.", e.getMessage(),
                    action);
        } catch (PluginSaturatedException e) {
            return Outcome.failure(EndpointStatus.OVERLOADED, "The flow's handler is overloaded; try again.",
                    e.getMessage(), action);
        } catch (DeadlineExceededException e) {
            return Outcome.failure(EndpointStatus.TIMED_OUT, "The endpoint could not answer in time; try again.",
                    e.getMessage(), action);
        } catch (PluginFailureException e) {
            LOG.log(Level.ERROR, "req=" + request.requestId() + " " + e.getMessage(), e.getCause());
            return Outcome.failure(EndpointStatus.HANDLER_FAILED,
                    "The flow's handler failed; the server log names the cause.", e.getMessage(), action);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        stage.current = "encrypting the response";
        byte[] response = json.writeObject(reply.json());
        try {
            // An error notification arrives with an ordinary action; only the handler tells it apart.
            RequestAction answered = reply.isErrorAcknowledgement() ? RequestAction.ERROR_NOTIFICATION : action;
            return new Outcome(EndpointReply.encrypted(reply.status(), opened.sealResponse(response)), reply.summary(), "",
                    reply.isHealthCheck(), answered);
        } finally {
            Arrays.fill(response, (byte) 0); // the response holds what the plugin derived from the user's input
        }
    }

    /** The action as the payload names it; an unknown or missing one is {@code unknown} (a bounded label). */
    private static RequestAction actionOf(Map<String, Object> payload) {
        return payload.get("action") instanceof String action ? switch (action) {
            case "ping" -> RequestAction.PING;
            case "INIT" -> RequestAction.INIT;
            case "BACK" -> RequestAction.BACK;
            case "data_exchange" -> RequestAction.DATA_EXCHANGE;
            default -> RequestAction.UNKNOWN;
        } : RequestAction.UNKNOWN;
    }

    /** During a secret rotation, says (now and then, not per request) that the older secret still signs requests. */
    private void noteRotation(int secretIndex) {
        if (secretIndex > 0) {
            long count = olderSecretMatches.incrementAndGet();
            if (count == 1 || count % 1000 == 0) {
                LOG.log(Level.INFO, "{0} request(s) so far were signed with app secret #{1} (an older one) of"
                        + " flowgate.app-secrets; drop it once Meta signs with the new one", count, secretIndex + 1);
            }
        }
    }
}
