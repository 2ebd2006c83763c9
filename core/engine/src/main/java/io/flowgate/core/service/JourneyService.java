package io.flowgate.core.service;

import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.JourneyStep;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.core.domain.SessionStatus;
import io.flowgate.core.domain.StartedSession;
import io.flowgate.core.port.in.ReportJourneys;
import io.flowgate.core.port.in.UnknownFlowException;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.core.port.out.SessionStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** Builds funnels and session paths from the journeys the steps stored, with the same status rules everywhere. */
public final class JourneyService implements ReportJourneys {

    private final SessionStore sessions;
    private final FlowPluginCatalog plugins;
    private final Map<FlowId, List<String>> screenOrder;
    private final Duration abandonAfter;
    private final Clock clock;

    /** @param screenOrder each flow's screens in its Flow JSON's order, for the flows that have one */
    public JourneyService(SessionStore sessions, FlowPluginCatalog plugins, Map<FlowId, List<String>> screenOrder,
                          Duration abandonAfter, Clock clock) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.screenOrder = Map.copyOf(screenOrder);
        this.abandonAfter = Objects.requireNonNull(abandonAfter, "abandonAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Funnel funnel(String flowIdText, Duration since) throws UnknownFlowException {
        if (!FlowId.isValid(flowIdText) || plugins.find(new FlowId(flowIdText)).isEmpty()) {
            throw new UnknownFlowException(FlowId.isValid(flowIdText) ? flowIdText : "(not a valid flow id)");
        }
        FlowId flowId = new FlowId(flowIdText);
        Instant now = clock.instant();
        List<StartedSession> started = sessions.startedSince(flowId, now.minus(since));
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (String screen : screenOrder.getOrDefault(flowId, List.of())) {
            tallies.put(screen, new Tally());
        }
        // Screens reached that the Flow JSON does not list (or a flow without one) follow, by name.
        Map<String, Tally> unlisted = new TreeMap<>();
        int completed = 0;
        int abandoned = 0;
        for (StartedSession session : started) {
            SessionStatus status = session.status(now, abandonAfter);
            completed += status == SessionStatus.COMPLETED ? 1 : 0;
            for (String screen : session.journey().reached()) {
                tally(tallies, unlisted, screen).reached++;
            }
            if (status == SessionStatus.ABANDONED) {
                abandoned++;
                if (!session.journey().currentScreen().isEmpty()) { // a session whose every step failed shows none
                    tally(tallies, unlisted, session.journey().currentScreen()).abandoned++;
                }
            }
            secondsOnScreens(session.journey().steps())
                    .forEach((screen, seconds) -> tally(tallies, unlisted, screen).seconds.add(seconds));
        }
        tallies.putAll(unlisted);
        List<ScreenFunnel> screens = new ArrayList<>();
        tallies.forEach((screen, tally) -> screens.add(new ScreenFunnel(screen, tally.reached, tally.abandoned,
                median(tally.seconds))));
        return new Funnel(flowIdText, since, started.size(), completed, abandoned, screens);
    }

    private static Tally tally(Map<String, Tally> listed, Map<String, Tally> unlisted, String screen) {
        Tally tally = listed.get(screen);
        return tally != null ? tally : unlisted.computeIfAbsent(screen, any -> new Tally());
    }

    /**
     * The time one session spent on each screen in all: from each answer that showed it to the step that
     * followed (a screen answered again after a validation error just goes on counting). The last screen, which
     * the user has not left, counts nothing.
     */
    static Map<String, Double> secondsOnScreens(List<JourneyStep> steps) {
        Map<String, Double> seconds = new HashMap<>();
        for (int i = 0; i + 1 < steps.size(); i++) {
            JourneyStep shown = steps.get(i);
            if (shown.showedScreen()) {
                double spent = Duration.between(shown.at(), steps.get(i + 1).at()).toMillis() / 1000.0;
                seconds.merge(shown.toScreen(), spent, Double::sum);
            }
        }
        return seconds;
    }

    private static OptionalDouble median(List<Double> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return OptionalDouble.of(sorted.size() % 2 == 1 ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2);
    }

    @Override
    public Optional<SessionJourney> session(String flowToken) {
        if (flowToken == null || flowToken.isEmpty()) {
            return Optional.empty();
        }
        Optional<SessionRecord> found = sessions.find(flowToken);
        return found.map(session -> new SessionJourney(session.flowId().value(),
                SessionStatus.of(session, clock.instant(), abandonAfter), session.journey().currentScreen(),
                session.journey().startedAt(), session.journey().returns(), session.journey().steps(),
                session.journey().abandonment()));
    }

    private static final class Tally {
        int reached;
        int abandoned;
        final List<Double> seconds = new ArrayList<>();
    }
}
