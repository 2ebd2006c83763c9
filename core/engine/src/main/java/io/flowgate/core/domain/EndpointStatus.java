package io.flowgate.core.domain;

/** The outcomes of a data-endpoint request, with the HTTP status WhatsApp expects for each. */
public enum EndpointStatus {
    /** Answered; the body is the encrypted response. */
    OK(200),
    /** The body is not the request envelope, or the decrypted payload is not a flow request. */
    BAD_REQUEST(400),
    /** No plugin serves the flow id in the path. */
    UNKNOWN_FLOW(404),
    /** The plugin failed; the user sees a generic error and may retry. */
    HANDLER_FAILED(500),
    /** Something of ours failed unexpectedly (a bug, the store, the crypto provider); the user may retry. */
    INTERNAL_ERROR(500),
    /** The flow token is dead; the body is the encrypted {@code error_msg}. WhatsApp disables the button. */
    TOKEN_REJECTED(427),
    /** The request cannot be decrypted: WhatsApp refreshes the public key and retries once. */
    DECRYPTION_FAILED(421),
    /** {@code X-Hub-Signature-256} or the 4.0 {@code flow_token_signature} is missing or wrong. */
    SIGNATURE_INVALID(432),
    /** Too many requests wait for decryption; answering fast beats answering after Meta's 10 s deadline. */
    OVERLOADED(503),
    /** The request's deadline passed in a stage that is not the plugin's (queue, store): nothing was committed. */
    TIMED_OUT(503);

    private final int httpStatus;

    EndpointStatus(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
