package io.flowgate.app;

import io.flowgate.app.FlowgateServer.StartupException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackgroundOpeningTest {

    /** Counts its closes, so that a test sees whether an abandoned opening was cleaned up. */
    private static final class Resource implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void close() {
            closes.incrementAndGet();
            closed.countDown();
        }
    }

    @Test
    void awaitGivesTheOpenedResourceAndRethrowsTheStartupErrorAsRaised() throws Exception {
        var resource = new Resource();
        assertThat(BackgroundOpening.begin("test", () -> resource).await()).isSameAs(resource);

        var failure = new StartupException("storage embedded: the file is not a database", null);
        assertThatThrownBy(() -> BackgroundOpening.<Resource>begin("test", () -> {
            throw failure;
        }).await()).isSameAs(failure);
        assertThatThrownBy(() -> BackgroundOpening.<Resource>begin("test", () -> {
            throw new IllegalArgumentException("bad setting");
        }).await()).isInstanceOf(IllegalArgumentException.class).hasMessage("bad setting");
    }

    @Test
    void anAbandonedOpeningClosesTheResourceOnceItIsOpenEvenIfItOpensLater() throws Exception {
        var resource = new Resource();
        var mayOpen = new CountDownLatch(1);
        var opening = BackgroundOpening.begin("test", () -> {
            try {
                mayOpen.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return resource;
        });

        opening.abandon();
        assertThat(resource.closes).as("not open yet").hasValue(0);
        mayOpen.countDown();

        assertThat(resource.closed.await(10, TimeUnit.SECONDS)).as("closed once open").isTrue();
        assertThat(resource.closes).hasValue(1);
    }
}
