package io.flowgate.plugins.loader;

import io.flowgate.spi.FlowPlugin;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * A flow served by a plugin.
 *
 * @param flowId   the flow id the plugin declared
 * @param source   the jar, or the folder of jars, it came from
 * @param jars     every jar on its class path
 * @param plugin   the plugin, guarded so every call runs with the plugin's context class loader
 * @param loader   the plugin's own class loader (shared by the flows of one plugin folder)
 */
public record LoadedPlugin(String flowId, Path source, List<Path> jars, FlowPlugin plugin, URLClassLoader loader) {
}
