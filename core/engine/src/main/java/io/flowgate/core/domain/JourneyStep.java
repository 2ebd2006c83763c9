package io.flowgate.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One answered step of a session's journey: what was asked, from where, what was answered and when. Never the
 * step's data: the values a user types are personal data, and the path is kept to count, not to read.
 *
 * @param action     the request's action as WhatsApp names it ({@code INIT}, {@code BACK}, {@code data_exchange})
 * @param fromScreen the screen the request came from ({@code ""} for {@code INIT})
 * @param toScreen   the screen answered, {@code SUCCESS} for a completion, {@code ""} when no screen was sent
 * @param status     the HTTP status of the answer
 * @param at         when the step was answered
 */
public record JourneyStep(String action, String fromScreen, String toScreen, int status, Instant at) {

    /** The pseudo screen of a completing answer. */
    public static final String SUCCESS = "SUCCESS";

    public JourneyStep {
        Objects.requireNonNull(action, "action");
        fromScreen = fromScreen == null ? "" : fromScreen;
        toScreen = toScreen == null ? "" : toScreen;
        Objects.requireNonNull(at, "at");
    }

    /** The step showed the user a screen of the flow (not SUCCESS, not an error). */
    public boolean showedScreen() {
        return status == 200 && !toScreen.isEmpty() && !toScreen.equals(SUCCESS);
    }
}
