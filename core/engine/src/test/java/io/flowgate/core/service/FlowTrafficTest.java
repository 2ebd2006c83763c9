package io.flowgate.core.service;

import io.flowgate.core.domain.EndpointStatus;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.MetaThresholds;
import io.flowgate.core.domain.RequestOutcome;
import io.flowgate.core.domain.TrafficMinute;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Meta's windows over a clock the test moves: what falls out of 30 and 10 minutes, percentiles, the hour's minutes. */
class FlowTrafficTest {

    private static final FlowId FLOW = new FlowId("appointment");
    private static final long MS = 1_000_000;

    /** A clock the test sets; nothing here waits. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T08:00:05Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final FlowTraffic traffic = new FlowTraffic(List.of(FLOW), clock);

    @Test
    void countsEachOutcomeAndOnlyMetasErrorsInTheErrorRate() {
        traffic.record(FLOW, RequestOutcome.OK, false, 40 * MS);
        traffic.record(FLOW, RequestOutcome.OK, true, 2 * MS);
        traffic.record(FLOW, RequestOutcome.of(EndpointStatus.DECRYPTION_FAILED, false), false, 3 * MS);
        traffic.record(FLOW, RequestOutcome.of(EndpointStatus.TOKEN_REJECTED, false), false, 3 * MS);
        traffic.record(FLOW, RequestOutcome.of(EndpointStatus.HANDLER_FAILED, false), false, 3 * MS);
        traffic.record(FLOW, RequestOutcome.of(EndpointStatus.OK, true), false, 8000 * MS);

        var window = traffic.requests(FLOW).orElseThrow();
        assertThat(window.requests()).isEqualTo(6);
        assertThat(window.answers()).isEqualTo(Map.of(RequestOutcome.OK, 2L, RequestOutcome.KEY_REFRESH, 1L,
                RequestOutcome.TOKEN_REJECTED, 1L, RequestOutcome.SERVER_ERROR, 1L, RequestOutcome.TIMEOUT, 1L));
        assertThat(window.errors()).as("500 and the timeout; 421 and 427 are not Meta's errors").isEqualTo(2);
        assertThat(window.errorRate()).isEqualTo(2 / 6.0);
        assertThat(traffic.pings(FLOW).orElseThrow().availability()).hasValue(1.0);
        assertThat(MetaThresholds.crossed(window, traffic.pings(FLOW).orElseThrow()))
                .containsExactly("error rate 33.3% over the last 30 minutes (Meta alerts at 5%)",
                        "p90 latency 8000 ms over the last 30 minutes (Meta alerts above 1 s)");
    }

    @Test
    void percentilesAreTheUpperEdgeOfTheirBinAndExactAgainstMetasOneSecond() {
        for (int i = 0; i < 9; i++) {
            traffic.record(FLOW, RequestOutcome.OK, false, 12 * MS);
        }
        traffic.record(FLOW, RequestOutcome.OK, false, 999 * MS);
        var window = traffic.requests(FLOW).orElseThrow();
        assertThat(window.p50Millis()).hasValue(15);
        assertThat(window.p90Millis()).as("9 of 10 at 12 ms").hasValue(15);

        traffic.record(FLOW, RequestOutcome.OK, false, 1000 * MS);
        traffic.record(FLOW, RequestOutcome.OK, false, 1001 * MS);
        var slower = traffic.requests(FLOW).orElseThrow();
        assertThat(slower.p90Millis()).as("rank 11 of 12 is the 1000 ms request: not over 1 s").hasValue(1000);
        assertThat(MetaThresholds.crossed(slower, traffic.pings(FLOW).orElseThrow())).isEmpty();
    }

    @Test
    void requestsLeaveTheErrorWindowAfter30MinutesAndPingsTheAvailabilityWindowAfter10() {
        traffic.record(FLOW, RequestOutcome.UNAVAILABLE, true, 5 * MS);
        clock.advance(Duration.ofMinutes(11));
        traffic.record(FLOW, RequestOutcome.OK, true, 5 * MS);

        assertThat(traffic.pings(FLOW).orElseThrow().pings()).isEqualTo(1);
        assertThat(traffic.pings(FLOW).orElseThrow().availability()).hasValue(1.0);
        assertThat(traffic.requests(FLOW).orElseThrow().requests()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(20));
        assertThat(traffic.requests(FLOW).orElseThrow().requests()).as("the first is 31 minutes old").isEqualTo(1);
        clock.advance(Duration.ofMinutes(31));
        assertThat(traffic.requests(FLOW).orElseThrow().requests()).isZero();
        assertThat(traffic.requests(FLOW).orElseThrow().p90Millis()).isEmpty();
        assertThat(traffic.pings(FLOW).orElseThrow().availability()).isEmpty();
    }

    @Test
    void theLastHourHasAPointPerMinuteAndForgetsWhatIsOlder() {
        traffic.record(FLOW, RequestOutcome.OK, false, 5 * MS);
        clock.advance(Duration.ofMinutes(2));
        traffic.record(FLOW, RequestOutcome.SIGNATURE_INVALID, false, 5 * MS);
        traffic.record(FLOW, RequestOutcome.OK, false, 5 * MS);

        List<TrafficMinute> hour = traffic.lastHour(FLOW);
        assertThat(hour).hasSize(60);
        assertThat(hour.getLast().start()).isEqualTo(Instant.parse("2026-12-02T08:02:00Z"));
        assertThat(hour.getLast().requests()).isEqualTo(2);
        assertThat(hour.getLast().errors()).isEqualTo(1);
        assertThat(hour.get(57).requests()).isEqualTo(1);
        assertThat(hour.get(57).start()).isEqualTo(Instant.parse("2026-12-02T08:00:00Z"));

        clock.advance(Duration.ofMinutes(61));
        assertThat(traffic.lastHour(FLOW)).allSatisfy(minute -> assertThat(minute.requests()).isZero());
        traffic.record(FLOW, RequestOutcome.OK, false, 5 * MS);
        assertThat(traffic.requests(FLOW).orElseThrow().requests()).as("reused buckets start empty").isEqualTo(1);
    }

    @Test
    void flowsNotServedAreNotRecorded() {
        traffic.record(new FlowId("nosuch"), RequestOutcome.OK, false, 5 * MS);

        assertThat(traffic.requests(new FlowId("nosuch"))).isEmpty();
        assertThat(traffic.lastHour(new FlowId("nosuch"))).isEmpty();
        assertThat(traffic.requests(FLOW).orElseThrow().requests()).isZero();
    }
}
