package io.flowgate.app;

import io.helidon.logging.common.LogConfig;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * A JVM that logs from a shutdown hook after the JDK's logging hook has begun to close the handlers: the order
 * a busy machine can give the drain's hook and the logging hook. Run by {@link ShutdownLogGuardTest} in its own
 * process; {@code guarded} installs the guard the server uses.
 */
public final class ShutdownLoggingFixture {

    static final String LATE_LINE = "logged from a shutdown hook after the logging hook began";

    private ShutdownLoggingFixture() {
    }

    public static void main(String[] args) throws InterruptedException {
        LogConfig.configureRuntime();
        Logger log = Logger.getLogger(ShutdownLoggingFixture.class.getName());
        log.info("started");
        ShutdownLogGuard guard = args.length > 0 && args[0].equals("guarded")
                ? ShutdownLogGuard.install(Duration.ofSeconds(20)) : null;
        Handler first = Logger.getLogger("").getHandlers()[0];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // The logging hook takes the root's handlers off in order: once the first is gone, it has begun.
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (rootHandlers().contains(first) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            log.info(LATE_LINE);
            if (guard != null) {
                guard.release();
            }
        }));
        System.exit(0);
    }

    private static List<Handler> rootHandlers() {
        return Arrays.asList(Logger.getLogger("").getHandlers());
    }
}
