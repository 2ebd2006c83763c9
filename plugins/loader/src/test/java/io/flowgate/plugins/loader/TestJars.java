package io.flowgate.plugins.loader;

import io.flowgate.spi.FlowPlugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Builds plugin jars from compiled test classes, the way a plugin author's build would. */
final class TestJars {

    private TestJars() {
    }

    /** A jar with {@code classes} and, when {@code provider} is given, the ServiceLoader file naming it. */
    static Path jar(Path file, String provider, Class<?>... classes) throws IOException {
        return jar(file, provider, java.util.Map.of(), classes);
    }

    /** As {@link #jar(Path, String, Class[])}, with resources (such as {@code flow.json}) by entry name. */
    static Path jar(Path file, String provider, java.util.Map<String, byte[]> resources, Class<?>... classes)
            throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
            for (var resource : resources.entrySet()) {
                jar.putNextEntry(new JarEntry(resource.getKey()));
                jar.write(resource.getValue());
                jar.closeEntry();
            }
            if (provider != null) {
                jar.putNextEntry(new JarEntry("META-INF/services/" + FlowPlugin.class.getName()));
                jar.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }

    static String names(Class<?>... classes) {
        return String.join("\n", Arrays.stream(classes).map(Class::getName).toList());
    }
}
