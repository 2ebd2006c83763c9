package io.flowgate.core.port.in;

import io.flowgate.core.domain.Abandonment;
import io.flowgate.core.domain.JourneyStep;
import io.flowgate.core.domain.SessionStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** What the journeys tell the business: a flow's funnel, and one token's path. Counts sessions, never steps. */
public interface ReportJourneys {

    /** The longest look back a funnel answers (the sessions are purged after their retention anyway). */
    Duration MAX_SINCE = Duration.ofDays(90);

    /**
     * The funnel of the sessions of {@code flowId} whose first step was within {@code since} of now.
     *
     * @throws UnknownFlowException when no loaded plugin serves the flow
     */
    Funnel funnel(String flowId, Duration since) throws UnknownFlowException;

    /** The token's flow, status, current screen and path; empty when no session has this token. */
    Optional<SessionJourney> session(String flowToken);

    /**
     * @param screens in the Flow JSON's order when the flow has one, then any other screen reached, by name
     */
    record Funnel(String flow, Duration since, int started, int completed, int abandoned, List<ScreenFunnel> screens) {
        public Funnel {
            screens = List.copyOf(screens);
        }
    }

    /**
     * @param reached                sessions that were shown the screen at least once
     * @param abandoned              sessions abandoned at it
     * @param medianSecondsOnScreen  the median, over the sessions that left the screen, of the time each spent on
     *                               it in all (from each answer showing it to the next step); empty when none left it
     */
    record ScreenFunnel(String screen, int reached, int abandoned, OptionalDouble medianSecondsOnScreen) {
    }

    /**
     * @param path        the answered steps, oldest first (at most the last 100)
     * @param abandonment the latest abandonment claim and where its plugin call stands
     */
    record SessionJourney(String flow, SessionStatus status, String currentScreen, Optional<Instant> startedAt,
                          int returns, List<JourneyStep> path, Optional<Abandonment> abandonment) {
        public SessionJourney {
            path = List.copyOf(path);
        }
    }
}
