package io.flowgate.core.concurrent;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlineAlarmsTest {

    private static final Duration TICK = Duration.ofMillis(10);

    @Test
    void anAlarmRingsOnceAfterItsDeadlineAndNotBefore() throws Exception {
        try (var alarms = new DeadlineAlarms("test-alarms", TICK)) {
            var rung = new CountDownLatch(1);
            var rings = new AtomicInteger();
            long setAt = System.nanoTime();
            long[] rangAt = new long[1];
            alarms.set(setAt + TimeUnit.MILLISECONDS.toNanos(100), () -> {
                rangAt[0] = System.nanoTime();
                rings.incrementAndGet();
                rung.countDown();
            });
            assertThat(rung.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(rangAt[0] - setAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
            Thread.sleep(50);
            assertThat(rings).hasValue(1);
            assertThat(alarms.pending()).isZero();
        }
    }

    @Test
    void aCancelledAlarmNeverRings() throws Exception {
        try (var alarms = new DeadlineAlarms("test-alarms", TICK)) {
            var rings = new AtomicInteger();
            var alarm = alarms.set(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300), rings::incrementAndGet);
            assertThat(alarms.pending()).isEqualTo(1);
            assertThat(alarm.cancel()).isTrue();
            assertThat(alarm.cancel()).as("a second cancel finds it cancelled").isFalse();
            Thread.sleep(400);
            assertThat(rings).hasValue(0);
            assertThat(alarms.pending()).isZero();
        }
    }

    @Test
    void cancellingAnAlarmThatRangSaysSo() throws Exception {
        try (var alarms = new DeadlineAlarms("test-alarms", TICK)) {
            var rung = new CountDownLatch(1);
            var alarm = alarms.set(System.nanoTime(), rung::countDown);
            assertThat(rung.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(alarm.cancel()).isFalse();
        }
    }

    @Test
    void theKeeperSleepsWhileNoAlarmIsSetAndWakesForTheNextOne() throws Exception {
        try (var alarms = new DeadlineAlarms("test-alarms-idle", TICK)) {
            Thread keeper = awaitThread("test-alarms-idle");
            awaitState(keeper, Thread.State.WAITING);
            var rung = new CountDownLatch(1);
            alarms.set(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20), rung::countDown);
            assertThat(rung.await(5, TimeUnit.SECONDS)).isTrue();
            awaitState(keeper, Thread.State.WAITING);
        }
    }

    @Test
    void aFailingAlarmDoesNotStopTheOthers() throws Exception {
        try (var alarms = new DeadlineAlarms("test-alarms", TICK)) {
            var rung = new CountDownLatch(1);
            long now = System.nanoTime();
            alarms.set(now, () -> {
                throw new IllegalStateException("broken");
            });
            alarms.set(now + TimeUnit.MILLISECONDS.toNanos(50), rung::countDown);
            assertThat(rung.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closingRingsEveryAlarmStillSetAndAnAlarmSetAfterwardsRingsAtOnce() {
        var rings = new AtomicInteger();
        var alarms = new DeadlineAlarms("test-alarms", TICK);
        alarms.set(System.nanoTime() + TimeUnit.HOURS.toNanos(1), rings::incrementAndGet);
        alarms.set(System.nanoTime() + TimeUnit.HOURS.toNanos(1), rings::incrementAndGet);
        alarms.close();
        assertThat(rings).hasValue(2);
        alarms.set(System.nanoTime() + TimeUnit.HOURS.toNanos(1), rings::incrementAndGet);
        assertThat(rings).hasValue(3);
        assertThat(alarms.pending()).isZero();
    }

    @Test
    void theTickMustBePositive() {
        assertThatThrownBy(() -> new DeadlineAlarms("test-alarms", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Thread awaitThread(String name) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals(name)) {
                    return thread;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no thread named " + name);
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        for (int i = 0; i < 500 && thread.getState() != state; i++) {
            Thread.sleep(10);
        }
        assertThat(thread.getState()).isEqualTo(state);
    }
}
