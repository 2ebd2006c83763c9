package io.flowgate.plugins.loader;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests in other packages build plugin jars. */
public final class TestJarsAccess {
    private TestJarsAccess() {
    }

    public static Path jar(Path file, String provider, Class<?>... classes) throws IOException {
        return TestJars.jar(file, provider, classes);
    }

    public static Path jar(Path file, String provider, java.util.Map<String, byte[]> resources, Class<?>... classes)
            throws IOException {
        return TestJars.jar(file, provider, resources, classes);
    }
}
