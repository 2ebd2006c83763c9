package io.flowgate.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The path of a session: its last {@value #MAX_STEPS} answered steps, the screens it reached (in the order it first
 * reached them), where it stands, and how often the user came back after the session counted as abandoned.
 * Holds no data values. Stored with the session, written by the step's own session update.
 *
 * @param steps         the latest steps, oldest first, at most {@value #MAX_STEPS}
 * @param reached       every screen shown at least once, in first-reached order (kept beyond the step bound, so
 *                      the funnel still counts a long session's first screens)
 * @param currentScreen the last screen answered ({@code SUCCESS} once completed; {@code ""} before the first step)
 * @param startedAt     the first step's time; empty while the token was not opened
 * @param lastStepAt    the latest step's time
 * @param returns       steps that revived the session after it had counted as abandoned
 * @param abandonment   the latest abandonment claim and its hook's state (see {@link Abandonment})
 */
public record Journey(List<JourneyStep> steps, List<String> reached, String currentScreen, Optional<Instant> startedAt,
                      Optional<Instant> lastStepAt, int returns, Optional<Abandonment> abandonment) {

    public static final int MAX_STEPS = 100;
    /** A flow has far fewer screens; the bound only keeps a misbehaving plugin from growing the row. */
    public static final int MAX_REACHED = 100;
    public static final Journey NONE = new Journey(List.of(), List.of(), "", Optional.empty(), Optional.empty(), 0,
            Optional.empty());

    public Journey {
        steps = List.copyOf(steps);
        reached = List.copyOf(reached);
        currentScreen = currentScreen == null ? "" : currentScreen;
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastStepAt, "lastStepAt");
        Objects.requireNonNull(abandonment, "abandonment");
    }

    /**
     * This journey with {@code step} added. A step that comes {@code abandonAfter} or more after the previous one
     * revives a session that counted as abandoned, and is counted as a return.
     */
    public Journey record(JourneyStep step, Duration abandonAfter) {
        List<JourneyStep> kept = new ArrayList<>(steps.size() + 1);
        kept.addAll(steps.size() >= MAX_STEPS ? steps.subList(steps.size() - MAX_STEPS + 1, steps.size()) : steps);
        kept.add(step);
        List<String> reachedNow = reached;
        if (step.showedScreen() && !reached.contains(step.toScreen()) && reached.size() < MAX_REACHED) {
            reachedNow = new ArrayList<>(reached);
            reachedNow.add(step.toScreen());
        }
        boolean isReturn = lastStepAt.map(last -> !step.at().isBefore(last.plus(abandonAfter))).orElse(false);
        String current = step.status() == 200 && !step.toScreen().isEmpty() ? step.toScreen() : currentScreen;
        return new Journey(kept, reachedNow, current, Optional.of(startedAt.orElse(step.at())), Optional.of(step.at()),
                isReturn ? returns + 1 : returns, abandonment);
    }

    /** The screens {@code after} has reached that this journey had not. */
    public List<String> newlyReached(Journey after) {
        return after.reached.stream().filter(screen -> !reached.contains(screen)).toList();
    }

    public Journey withAbandonment(Optional<Abandonment> latest) {
        return new Journey(steps, reached, currentScreen, startedAt, lastStepAt, returns, latest);
    }

    /** Sizes only: screen names are the flow's own, but the path of one user is still nobody's log line. */
    @Override
    public String toString() {
        return "Journey[steps=" + steps.size() + ", reached=" + reached.size() + ", returns=" + returns + "]";
    }
}
