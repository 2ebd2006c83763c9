package io.flowgate.playground;

import io.flowgate.core.port.in.ReceiveWebhook;

import java.util.Objects;
import java.util.Optional;

/**
 * The completion webhook as the playground reaches it: the page plays Meta and posts the {@code nfm_reply}
 * delivery; it is signed here, as Meta signs it, and stored by the same use case as Meta's deliveries.
 */
public final class SignedWebhook implements ReceiveWebhook {

    private final ReceiveWebhook webhook;
    private final HubSignatureSigner signer;

    public SignedWebhook(ReceiveWebhook webhook, HubSignatureSigner signer) {
        this.webhook = Objects.requireNonNull(webhook, "webhook");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    @Override
    public Outcome receive(byte[] rawBody, String signatureHeader) {
        return webhook.receive(rawBody, signer.header(rawBody).orElse(null));
    }

    @Override
    public Optional<String> verifySubscription(String mode, String verifyToken, String challenge) {
        return Optional.empty(); // Meta's subscription handshake has nothing to do with the playground
    }
}
