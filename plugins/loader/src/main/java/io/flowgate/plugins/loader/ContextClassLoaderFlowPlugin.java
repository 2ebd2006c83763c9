package io.flowgate.plugins.loader;

import io.flowgate.spi.ErrorNotification;
import io.flowgate.spi.FlowCompletion;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;

import java.util.concurrent.Callable;

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
        return inPluginLoader(() -> plugin.handle(request));
    }

    @Override
    public void onErrorNotification(ErrorNotification notification) {
        try {
            inPluginLoader(() -> {
                plugin.onErrorNotification(notification);
                return null;
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // onErrorNotification declares no checked exception
        }
    }

    @Override
    public void onMetaAlert(io.flowgate.spi.MetaAlert alert) {
        try {
            inPluginLoader(() -> {
                plugin.onMetaAlert(alert);
                return null;
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // onMetaAlert declares no checked exception
        }
    }

    @Override
    public void onCompletion(FlowCompletion completion) throws Exception {
        inPluginLoader(() -> {
            plugin.onCompletion(completion);
            return null;
        });
    }

    @Override
    public void onAbandoned(io.flowgate.spi.FlowAbandonment abandonment) throws Exception {
        inPluginLoader(() -> {
            plugin.onAbandoned(abandonment);
            return null;
        });
    }

    /** The router is plain data of the plugin's; its handlers run inside {@link #handle}, in the plugin's loader. */
    @Override
    public java.util.Optional<io.flowgate.spi.FlowRouter> router() {
        return plugin.router();
    }

    @Override
    public void close() throws Exception {
        inPluginLoader(() -> {
            plugin.close();
            return null;
        });
    }

    private <T> T inPluginLoader(Callable<T> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The plugin's own implementation class, for tests and diagnostics. */
    Class<?> implementationClass() {
        return plugin.getClass();
    }
}
