package io.flowgate.plugins.loader;

import io.flowgate.core.domain.FlowId;
import io.flowgate.spi.FlowPlugin;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads every plugin in the plugins directory: each {@code *.jar} directly inside it is a plugin, and each
 * folder that holds jars is one plugin with its dependencies. Anything wrong stops startup with a message
 * that names the file and the fix: serving half of the configured flows is worse than not starting.
 */
public final class PluginDirectory {

    private static final System.Logger LOG = System.getLogger(PluginDirectory.class.getName());
    private static final String SERVICE_FILE = "META-INF/services/" + FlowPlugin.class.getName();

    private PluginDirectory() {
    }

    public static List<LoadedPlugin> load(Path directory) throws PluginLoadException {
        if (!Files.isDirectory(directory)) {
            throw new PluginLoadException("the plugins directory " + directory.toAbsolutePath()
                    + " does not exist: create it and put plugin jars in it, or set flowgate.plugins.dir");
        }
        List<LoadedPlugin> loaded = new ArrayList<>();
        Map<String, Path> sourceByFlowId = new HashMap<>();
        for (Path entry : entries(directory)) {
            List<Path> jars = jarsOf(entry);
            if (jars.isEmpty()) {
                continue;
            }
            for (LoadedPlugin plugin : loadOne(entry, jars)) {
                Path other = sourceByFlowId.putIfAbsent(plugin.flowId(), entry);
                if (other != null) {
                    throw new PluginLoadException("flow id \"" + plugin.flowId() + "\" is declared by two plugins: "
                            + other.toAbsolutePath() + " and " + entry.toAbsolutePath()
                            + "; remove one or give it another flow id");
                }
                loaded.add(plugin);
            }
        }
        if (loaded.isEmpty()) {
            LOG.log(Level.WARNING, "no plugin found in {0}: every /flows/... request will get 404",
                    directory.toAbsolutePath());
        }
        return List.copyOf(loaded);
    }

    /**
     * Loads one plugin as {@link #load} would load it from the plugins directory: a jar, or a folder holding
     * the plugin's jar and its libraries. For tools that check a plugin before it is installed.
     */
    public static List<LoadedPlugin> loadPlugin(Path jarOrFolder) throws PluginLoadException {
        if (!Files.exists(jarOrFolder)) {
            throw new PluginLoadException(jarOrFolder.toAbsolutePath() + " does not exist: name a plugin jar, or a"
                    + " folder holding the plugin's jar and its libraries");
        }
        List<Path> jars = jarsOf(jarOrFolder);
        if (jars.isEmpty()) {
            throw new PluginLoadException(jarOrFolder.toAbsolutePath() + " is not a plugin: name a .jar file, or a"
                    + " folder holding the plugin's jar and its libraries");
        }
        return loadOne(jarOrFolder, jars);
    }

    private static List<Path> entries(Path directory) throws PluginLoadException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.sorted().toList();
        } catch (IOException e) {
            throw new PluginLoadException("the plugins directory " + directory.toAbsolutePath() + " cannot be read", e);
        }
    }

    /** The jars of one plugin, or none when the entry is not a plugin (a README, a source folder). */
    private static List<Path> jarsOf(Path entry) throws PluginLoadException {
        if (Files.isRegularFile(entry)) {
            return isJar(entry) ? List.of(entry) : List.of();
        }
        if (!Files.isDirectory(entry)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(entry)) {
            List<Path> jars = children.filter(PluginDirectory::isJar).filter(Files::isRegularFile).sorted().toList();
            if (jars.isEmpty()) {
                LOG.log(Level.DEBUG, "{0} holds no jar; not a plugin", entry);
            }
            return jars;
        } catch (IOException e) {
            throw new PluginLoadException("the plugin folder " + entry.toAbsolutePath() + " cannot be read", e);
        }
    }

    private static boolean isJar(Path path) {
        return path.getFileName().toString().endsWith(".jar");
    }

    private static List<LoadedPlugin> loadOne(Path source, List<Path> jars) throws PluginLoadException {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < jars.size(); i++) {
            requireReadableJar(jars.get(i));
            urls[i] = toUrl(jars.get(i));
        }
        var loader = new PluginClassLoader(source.getFileName().toString(), urls, FlowPlugin.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            List<LoadedPlugin> plugins = new ArrayList<>();
            for (FlowPlugin plugin : ServiceLoader.load(FlowPlugin.class, loader)) {
                String flowId = declaredFlowId(plugin, source);
                plugins.add(new LoadedPlugin(flowId, source, jars, new ContextClassLoaderFlowPlugin(plugin, loader, flowId), loader));
            }
            if (plugins.isEmpty()) {
                throw new PluginLoadException(source.toAbsolutePath() + " has no flow plugin: add the file "
                        + SERVICE_FILE + " to the jar, naming your class that implements " + FlowPlugin.class.getName());
            }
            return plugins;
        } catch (ServiceConfigurationError | LinkageError e) {
            closeQuietly(loader);
            throw new PluginLoadException(source.toAbsolutePath() + " cannot be loaded: " + e.getMessage()
                    + " (check " + SERVICE_FILE + ", that the class is public with a public no-argument constructor,"
                    + " and that every library it needs is in the plugin folder)", e);
        } catch (PluginLoadException e) {
            closeQuietly(loader);
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String declaredFlowId(FlowPlugin plugin, Path source) throws PluginLoadException {
        String flowId;
        try {
            flowId = plugin.flowId();
        } catch (RuntimeException e) {
            throw new PluginLoadException(source.toAbsolutePath() + ": " + plugin.getClass().getName()
                    + ".flowId() failed", e);
        }
        if (!FlowId.isValid(flowId)) {
            throw new PluginLoadException(source.toAbsolutePath() + ": " + plugin.getClass().getName()
                    + " declares flow id \"" + flowId + "\"; a flow id is 1 to 64 letters, digits, '-' or '_'");
        }
        return flowId;
    }

    private static void requireReadableJar(Path jar) throws PluginLoadException {
        try (JarFile ignored = new JarFile(jar.toFile())) {
            // opening is the check
        } catch (IOException e) {
            throw new PluginLoadException(jar.toAbsolutePath() + " is not a readable jar (" + e.getMessage()
                    + "): rebuild it or remove it from the plugins directory");
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a file path: " + jar, e);
        }
    }

    private static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing " + loader + " failed", e);
        }
    }
}
