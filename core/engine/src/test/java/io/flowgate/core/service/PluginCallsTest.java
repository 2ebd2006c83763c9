package io.flowgate.core.service;

import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.port.in.PluginSaturatedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginCallsTest {

    private static final FlowId STUCK = new FlowId("stuck");
    private static final FlowId HEALTHY = new FlowId("healthy");

    @Test
    void aPluginThatIgnoresInterruptsHoldsItsSlotsAndIsThenRefusedAtOnceWhileOtherFlowsAnswer() throws Exception {
        var release = new CountDownLatch(1);
        try (var calls = new PluginCalls(2)) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> calls.call(STUCK, "INIT", Deadline.in(Duration.ofMillis(50)),
                        () -> awaitIgnoringInterrupts(release)))
                        .isInstanceOf(PluginFailureException.class)
                        .hasMessageContaining("when the request deadline passed");
            }
            assertThat(calls.inFlight(STUCK)).isEqualTo(2);

            // No third thread is started for the stuck plugin, and no time is spent waiting for it.
            assertThatThrownBy(() -> calls.call(STUCK, "INIT", Deadline.in(Duration.ofMinutes(1)), () -> "never"))
                    .isInstanceOf(PluginSaturatedException.class)
                    .hasMessage("flow stuck: all 2 call slots of the plugin are taken by calls that have not returned"
                            + " (flowgate.plugins.max-concurrent-calls); refused INIT");
            assertThat(calls.call(HEALTHY, "INIT", Deadline.in(Duration.ofSeconds(5)), () -> "answer")).isEqualTo("answer");

            release.countDown();
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (calls.inFlight(STUCK) > 0 && System.nanoTime() < waitUntil) {
                Thread.onSpinWait();
            }
            assertThat(calls.inFlight(STUCK)).as("slots come back once the plugin's code returns").isZero();
            assertThat(calls.call(STUCK, "INIT", Deadline.in(Duration.ofSeconds(5)), () -> "recovered")).isEqualTo("recovered");
        }
    }

    @Test
    void whatThePluginThrowsIsTheCauseAndTheSlotIsGivenBack() throws Exception {
        try (var calls = new PluginCalls(1)) {
            assertThatThrownBy(() -> calls.call(HEALTHY, "data_exchange from screen \"A\"",
                    Deadline.in(Duration.ofSeconds(5)), () -> {
                        throw new IllegalStateException("booking system down");
                    }))
                    .isInstanceOf(PluginFailureException.class)
                    .hasMessage("flow healthy: the plugin failed on data_exchange from screen \"A\"")
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThat(calls.inFlight(HEALTHY)).isZero();
        }
    }

    @Test
    void aDeadlineThatHasAlreadyPassedGivesThePluginNoTime() throws Exception {
        try (var calls = new PluginCalls(1)) {
            assertThatThrownBy(() -> calls.call(HEALTHY, "INIT", Deadline.in(Duration.ZERO), () -> {
                Thread.sleep(60_000);
                return "late";
            })).isInstanceOf(PluginFailureException.class);
        }
    }

    /** A timed wait on a virtual thread costs a timer per call; the caller waits untimed and an alarm ends the wait. */
    @Test
    void theCallerWaitsWithoutATimerAndStillGivesUpAtTheDeadline() throws Exception {
        var release = new CountDownLatch(1);
        try (var calls = new PluginCalls(1)) {
            var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            long started = System.nanoTime();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    calls.call(HEALTHY, "INIT", Deadline.in(Duration.ofMillis(700)), () -> awaitIgnoringInterrupts(release));
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (caller.getState() != Thread.State.WAITING && caller.getState() != Thread.State.TIMED_WAITING
                    && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(caller.getState()).as("the waiting caller's state").isEqualTo(Thread.State.WAITING);
            caller.join(5_000);
            assertThat(failure.get()).isInstanceOf(PluginFailureException.class)
                    .hasMessageContaining("when the request deadline passed");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(3));
            release.countDown();
        }
    }

    @Test
    void closingReleasesAWaitingCallerAndSaysTheServerIsStopping() throws Exception {
        var release = new CountDownLatch(1);
        var calls = new PluginCalls(1);
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        var entered = new CountDownLatch(1);
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                calls.call(HEALTHY, "INIT", Deadline.in(Duration.ofMinutes(5)), () -> {
                    entered.countDown();
                    return awaitIgnoringInterrupts(release);
                });
            } catch (Exception e) {
                failure.set(e);
            }
        });
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        calls.close();
        caller.join(5_000);
        assertThat(caller.isAlive()).as("the caller was released").isFalse();
        assertThat(failure.get()).isInstanceOf(PluginFailureException.class).hasMessageContaining("shutting down");
        release.countDown();
    }

    private static String awaitIgnoringInterrupts(CountDownLatch release) {
        while (true) {
            try {
                release.await();
                return "late";
            } catch (InterruptedException ignored) {
                // a badly written plugin: it swallows the interrupt and carries on waiting
            }
        }
    }
}
