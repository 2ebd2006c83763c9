package io.flowgate.server.plugins;

import io.flowgate.spi.ErrorNotification;
import io.flowgate.spi.FlowCompletion;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;

/**
 * Runs every call into plugin code with the plugin's class loader as the thread's context class loader,
 * so libraries inside the plugin that look resources up through it (JAXB, Jackson modules, JDBC drivers,
 * their own ServiceLoaders) find the plugin's jars and not the host's.
 */
final class ContextClassLoaderFlowPlugin implements FlowPlugin {

    private final FlowPlugin plugin;
    private final ClassLoader loader;
    private final String flowId;

    ContextClassLoaderFlowPlugin(FlowPlugin plugin, ClassLoader loader, String flowId) {
        this.plugin = plugin;
        this.loader = loader;
        this.flowId = flowId;
    }

    @Override
    public String flowId() {
        return flowId;
    }

    @Override
    public FlowResponse handle(FlowRequest request) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return plugin.handle(request);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void onErrorNotification(ErrorNotification notification) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            plugin.onErrorNotification(notification);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void onCompletion(FlowCompletion completion) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            plugin.onCompletion(completion);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            plugin.close();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The plugin's own implementation class, for tests and diagnostics. */
    Class<?> implementationClass() {
        return plugin.getClass();
    }
}
