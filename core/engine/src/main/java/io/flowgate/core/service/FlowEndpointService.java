package io.flowgate.core.service;

import io.flowgate.core.domain.EncryptedEnvelope;
import io.flowgate.core.domain.EndpointReply;
import io.flowgate.core.domain.EndpointStatus;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.MalformedRequestException;
import io.flowgate.core.domain.ReplyPayload;
import io.flowgate.core.port.in.HandleFlowRequest;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.port.in.ServeFlowEndpoint;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.CryptoOverloadedException;
import io.flowgate.core.port.out.EnvelopeCipher;
import io.flowgate.core.port.out.EnvelopeCipher.OpenedEnvelope;
import io.flowgate.core.port.out.EnvelopeDecryptionException;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.core.port.out.JsonCodec.MalformedJsonException;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decrypt, handle, encrypt. Each failure maps to the status WhatsApp understands, and none carries a
 * stack trace, a key or the payload to the client or the log.
 */
public final class FlowEndpointService implements ServeFlowEndpoint {

    private static final System.Logger LOG = System.getLogger(FlowEndpointService.class.getName());

    private final FlowPluginCatalog plugins;
    private final EnvelopeCipher cipher;
    private final JsonCodec json;
    private final HandleFlowRequest handler;

    public FlowEndpointService(FlowPluginCatalog plugins, EnvelopeCipher cipher, JsonCodec json,
                               HandleFlowRequest handler) {
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.json = Objects.requireNonNull(json, "json");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public EndpointReply serve(String flowIdText, EncryptedEnvelope envelope) {
        // Unknown flows are refused before the RSA operation, the one expensive step.
        if (!FlowId.isValid(flowIdText) || plugins.find(new FlowId(flowIdText)).isEmpty()) {
            return unknownFlow(flowIdText);
        }
        FlowId flowId = new FlowId(flowIdText);

        OpenedEnvelope opened;
        try {
            opened = cipher.open(envelope);
        } catch (EnvelopeDecryptionException e) {
            LOG.log(Level.WARNING, "flow {0}: 421, request could not be decrypted: {1}", flowId, e.getMessage());
            return EndpointReply.failure(EndpointStatus.DECRYPTION_FAILED,
                    "The request could not be decrypted with this endpoint's private key.");
        } catch (CryptoOverloadedException e) {
            LOG.log(Level.WARNING, "flow {0}: 503, {1}", flowId, e.getMessage());
            return EndpointReply.failure(EndpointStatus.OVERLOADED, "The endpoint is overloaded; try again.");
        }

        ReplyPayload reply;
        byte[] plaintext = opened.plaintext();
        try {
            reply = handler.handle(flowId, json.readObject(plaintext));
        } catch (MalformedJsonException e) {
            LOG.log(Level.WARNING, "flow {0}: 400, decrypted payload is not a JSON object: {1}", flowId, e.getMessage());
            return EndpointReply.failure(EndpointStatus.BAD_REQUEST, "The decrypted payload is not a JSON object.");
        } catch (MalformedRequestException e) {
            LOG.log(Level.WARNING, "flow {0}: 400, {1}", flowId, e.getMessage());
            return EndpointReply.failure(EndpointStatus.BAD_REQUEST, "Not a flow request: " + e.getMessage());
        } catch (UnknownFlowException e) {
            return unknownFlow(flowIdText);
        } catch (PluginFailureException e) {
            LOG.log(Level.ERROR, e.getMessage(), e.getCause());
            return EndpointReply.failure(EndpointStatus.HANDLER_FAILED,
                    "The flow's handler failed; the server log names the cause.");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        return EndpointReply.encrypted(reply.status(), opened.sealResponse(json.writeObject(reply.json())));
    }

    private static EndpointReply unknownFlow(String flowIdText) {
        String shown = FlowId.isValid(flowIdText) ? flowIdText : "(not a valid flow id)";
        LOG.log(Level.WARNING, "404, no plugin serves flow {0}", shown);
        return EndpointReply.failure(EndpointStatus.UNKNOWN_FLOW, "No plugin serves flow " + shown + ".");
    }
}
