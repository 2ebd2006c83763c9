package io.flowgate.app;

import java.util.logging.Handler;
import java.util.logging.Logger;

/** Puts the configured log format on the console handlers that logging.properties installed. */
final class LogFormats {

    private LogFormats() {
    }

    static void apply(FlowgateSettings.LogFormat format) {
        if (format != FlowgateSettings.LogFormat.JSON) {
            return;
        }
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.setFormatter(new JsonLogFormatter());
        }
    }
}
