package io.flowgate.plugins.loader;

import io.flowgate.core.domain.FlowId;
import io.flowgate.core.port.out.FlowPluginCatalog;
import io.flowgate.spi.FlowPlugin;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The loaded plugins by flow id; closes them, and their class loaders, on shutdown. */
public final class PluginCatalog implements FlowPluginCatalog, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PluginCatalog.class.getName());

    private final List<LoadedPlugin> plugins;
    private final Map<String, FlowPlugin> byFlowId;

    public PluginCatalog(List<LoadedPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
        this.byFlowId = plugins.stream().collect(Collectors.toUnmodifiableMap(LoadedPlugin::flowId, LoadedPlugin::plugin));
    }

    @Override
    public Optional<FlowPlugin> find(FlowId flowId) {
        return Optional.ofNullable(byFlowId.get(flowId.value()));
    }

    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    @Override
    public void close() {
        for (LoadedPlugin loaded : plugins) {
            try {
                loaded.plugin().close();
            } catch (Exception | LinkageError e) {
                LOG.log(Level.WARNING, "plugin for flow " + loaded.flowId() + " failed to close", e);
            }
        }
        for (URLClassLoader loader : plugins.stream().map(LoadedPlugin::loader).distinct().toList()) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing " + loader + " failed", e);
            }
        }
    }
}
