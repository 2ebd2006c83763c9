package io.flowgate.core.domain;

import java.util.Objects;

/**
 * Why the last delivery attempt of a completion failed: the exception's class and message, shown to operators
 * on the admin API. Never built from the message's payload; a plugin decides what its own messages say.
 *
 * @param type    the exception's class name, at most {@value #MAX_TYPE_LENGTH} characters
 * @param message the exception's message ({@code ""} when it had none), at most {@value #MAX_MESSAGE_LENGTH}
 */
public record DeliveryError(String type, String message) {

    public static final int MAX_TYPE_LENGTH = 200;
    /** Long enough for any useful message; a stack trace or a response body pasted into one is cut. */
    public static final int MAX_MESSAGE_LENGTH = 1000;

    public DeliveryError {
        type = cut(Objects.requireNonNull(type, "type"), MAX_TYPE_LENGTH);
        message = cut(Objects.requireNonNull(message, "message"), MAX_MESSAGE_LENGTH);
    }

    public static DeliveryError of(Throwable failure) {
        return new DeliveryError(failure.getClass().getName(), Objects.requireNonNullElse(failure.getMessage(), ""));
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        // Never split a surrogate pair: the cut text must stay valid UTF-16 for the databases.
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
