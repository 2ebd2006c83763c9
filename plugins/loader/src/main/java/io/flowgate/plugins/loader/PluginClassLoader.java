package io.flowgate.plugins.loader;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;

/**
 * One plugin's class loader: the plugin API comes from the host, everything else from the JDK and the
 * plugin's own jars only (Trino's scheme).
 *
 * <p>The parent is the platform loader, not the application loader, so the host's internals (Helidon,
 * Jackson, BouncyCastle, core) are invisible: a plugin that needs a library brings its own copy, in any
 * version, and a missing one fails loudly with {@link NoClassDefFoundError} instead of silently borrowing
 * the host's.
 */
final class PluginClassLoader extends URLClassLoader {

    static final String SHARED_PACKAGE = "io.flowgate.spi.";
    private static final String SHARED_RESOURCES = "io/flowgate/spi/";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader hostLoader;

    PluginClassLoader(String pluginName, URL[] jars, ClassLoader hostLoader) {
        super(pluginName, jars, ClassLoader.getPlatformClassLoader());
        this.hostLoader = hostLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SHARED_PACKAGE)) {
            // The plugin API must be the host's own classes, or the host could not call the plugin.
            return hostLoader.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return name.startsWith(SHARED_RESOURCES) ? hostLoader.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return name.startsWith(SHARED_RESOURCES) ? hostLoader.getResources(name) : super.getResources(name);
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + getName() + "]";
    }
}
