package io.flowgate.playground.browser;

import io.flowgate.testkit.server.FlowgateTestServer;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * A real server with the example plugins' jars (copied to target/plugins by the build), in production mode
 * (a key and an app secret), so the playground must be switched on and every request it makes is signed.
 * Its log lines are kept, to see what the plugins did.
 */
final class PlaygroundServer implements AutoCloseable {

    private FlowgateTestServer server;
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logLines.add(record.getLoggerName() + ": " + formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private PlaygroundServer() {
    }

    static PlaygroundServer start(Path... extraPlugins) {
        var builder = FlowgateTestServer.builder()
                .plugin(Path.of("target", "plugins", "flowgate-example-appointment.jar"))
                .plugin(Path.of("target", "plugins", "flowgate-example-id-document.jar"))
                .setting("FLOWGATE_PLAYGROUND_ENABLED", "true");
        for (Path plugin : extraPlugins) {
            builder.plugin(plugin);
        }
        var started = new PlaygroundServer();
        // Attached before the start, so the startup lines are kept too.
        Logger.getLogger("").addHandler(started.capture);
        try {
            started.server = builder.start();
        } catch (RuntimeException e) {
            Logger.getLogger("").removeHandler(started.capture);
            throw e;
        }
        return started;
    }

    FlowgateTestServer server() {
        return server;
    }

    /** {@code http://127.0.0.1:<management port>/playground} */
    String playground() {
        return server.managementUri() + "/playground";
    }

    List<String> logLines() {
        return List.copyOf(logLines);
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(capture);
        server.close();
    }
}
