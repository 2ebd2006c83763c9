package io.flowgate.core.port.out;

/**
 * What the journeys tell an observer (the metrics): each counts sessions, not steps. A screen shown three times
 * to one user after validation errors is reached once. Called after the change was stored; must not block.
 */
public interface JourneyEvents {

    /** Observes nothing. */
    JourneyEvents NONE = new JourneyEvents() {
    };

    /** Tells both observers, {@code first} first. */
    static JourneyEvents both(JourneyEvents first, JourneyEvents second) {
        if (second == NONE) {
            return first;
        }
        return new JourneyEvents() {
            @Override
            public void screenReached(String flow, String screen) {
                first.screenReached(flow, screen);
                second.screenReached(flow, screen);
            }

            @Override
            public void sessionAbandoned(String flow, String screen) {
                first.sessionAbandoned(flow, screen);
                second.sessionAbandoned(flow, screen);
            }

            @Override
            public void sessionCompleted(String flow) {
                first.sessionCompleted(flow);
                second.sessionCompleted(flow);
            }
        };
    }

    /** A session reached {@code screen} of {@code flow} for the first time. */
    default void screenReached(String flow, String screen) {
    }

    /** A session of {@code flow} was claimed as abandoned at {@code screen} (once per abandonment, by one instance). */
    default void sessionAbandoned(String flow, String screen) {
    }

    /** A session of {@code flow} was answered SUCCESS. */
    default void sessionCompleted(String flow) {
    }
}
