package io.flowgate.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineWatchdogTest {

    @Test
    void anExpiryThatThrowsDoesNotStopTheDeadlinesAfterIt() throws Exception {
        var later = new CountDownLatch(1);
        var watchdog = new DeadlineWatchdog<String>("test-deadlines", key -> {
            if (key.equals("throws")) {
                throw new IllegalStateException("the socket would not close");
            }
            later.countDown();
        });
        watchdog.start("throws", Duration.ZERO);
        assertThat(awaitExpired(watchdog, "throws")).isTrue();

        watchdog.start("later", Duration.ZERO);
        assertThat(later.await(5, TimeUnit.SECONDS)).as("a deadline after the failing one still expires").isTrue();
    }

    /** Waits, bounded, until the watchdog no longer watches {@code key}. */
    private static boolean awaitExpired(DeadlineWatchdog<String> watchdog, String key) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (!watchdog.watching(key)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
