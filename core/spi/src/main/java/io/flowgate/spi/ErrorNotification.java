package io.flowgate.spi;

import java.util.Objects;

/**
 * WhatsApp's report that the client rejected a response of this flow.
 *
 * <p>A final class built by {@link #builder()}, not a record, so that it can gain values without breaking
 * plugins built against an older API. {@link #toString()} shows the screen and the error key only: the
 * client's message may quote the rejected values, and the token is a secret of the conversation.
 */
public final class ErrorNotification {

    private final String screen;
    private final String errorKey;
    private final String errorMessage;
    private final String flowToken;

    private ErrorNotification(Builder builder) {
        this.screen = builder.screen;
        this.errorKey = builder.errorKey;
        this.errorMessage = builder.errorMessage;
        this.flowToken = builder.flowToken;
    }

    /** A notification to fill in; what is not set is empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** The screen the client was on. */
    public String screen() {
        return screen;
    }

    /**
     * The error kind, e.g. {@code invalid-screen-transition} or {@code payload-schema-error} (empty when the
     * client sent only a message).
     */
    public String errorKey() {
        return errorKey;
    }

    /** The client's description of the problem (may be empty). */
    public String errorMessage() {
        return errorMessage;
    }

    /** The flow token of the conversation (may be empty). */
    public String flowToken() {
        return flowToken;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ErrorNotification that && screen.equals(that.screen) && errorKey.equals(that.errorKey)
                && errorMessage.equals(that.errorMessage) && flowToken.equals(that.flowToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(screen, errorKey, errorMessage, flowToken);
    }

    @Override
    public String toString() {
        return "ErrorNotification[screen=" + screen + ", errorKey=" + errorKey + "]";
    }

    /** Collects a notification's values; {@code null} means "not given" for every one of them. */
    public static final class Builder {
        private String screen = "";
        private String errorKey = "";
        private String errorMessage = "";
        private String flowToken = "";

        private Builder() {
        }

        public Builder screen(String screen) {
            this.screen = screen == null ? "" : screen;
            return this;
        }

        public Builder errorKey(String errorKey) {
            this.errorKey = errorKey == null ? "" : errorKey;
            return this;
        }

        public Builder errorMessage(String errorMessage) {
            this.errorMessage = errorMessage == null ? "" : errorMessage;
            return this;
        }

        public Builder flowToken(String flowToken) {
            this.flowToken = flowToken == null ? "" : flowToken;
            return this;
        }

        public ErrorNotification build() {
            return new ErrorNotification(this);
        }
    }
}
