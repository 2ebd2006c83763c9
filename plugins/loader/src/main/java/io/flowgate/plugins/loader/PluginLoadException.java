package io.flowgate.plugins.loader;

/** A plugin cannot be loaded; the message names the file and the fix. Startup stops. */
public final class PluginLoadException extends Exception {
    public PluginLoadException(String message) {
        super(message);
    }

    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
