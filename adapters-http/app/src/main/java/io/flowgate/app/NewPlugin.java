package io.flowgate.app;

import io.flowgate.core.domain.FlowId;
import picocli.CommandLine;

import javax.lang.model.SourceVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code flowgate new-plugin <flowId> <dir>}: a standalone Maven project for a plugin (no parent POM, the Maven
 * wrapper, Java 21, {@code flowgate-spi} provided, the testkit for tests, the enforcer rule that keeps the
 * host's modules out of the jar), with a plugin class, a two-screen {@code flow.json} and a FlowTester test.
 * The files come from the templates under {@code new-plugin/} on the class path; the plugin class is one
 * template ({@code Plugin.java.template}), so changing the API it is written against is one edit.
 */
@Command(name = "new-plugin", description = "Create a standalone Maven project for a plugin of flow FLOW_ID in DIR:"
        + " a plugin class, a two-screen flow.json and a test that walks it with FlowTester. It builds as generated"
        + " with ./mvnw verify.")
final class NewPlugin implements Callable<Integer> {

    /** Where the templates live on the class path. */
    static final String TEMPLATES = "/new-plugin/";
    private static final Pattern JAVA_PACKAGE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    /** A template and where its result goes in the new project; {{package}} etc. work in paths too. */
    private record Entry(String template, String target, boolean executable) {
    }

    private static final List<Entry> FILES = List.of(
            new Entry("pom.xml.template", "pom.xml", false),
            new Entry("Plugin.java.template", "src/main/java/{{packagePath}}/{{className}}.java", false),
            new Entry("flow.json", "src/main/resources/flow.json", false),
            new Entry("services.template", "src/main/resources/META-INF/services/io.flowgate.spi.FlowPlugin", false),
            new Entry("PluginTest.java.template", "src/test/java/{{packagePath}}/{{className}}Test.java", false),
            new Entry("README.md.template", "README.md", false),
            new Entry("gitignore", ".gitignore", false),
            new Entry("wrapper/mvnw", "mvnw", true),
            new Entry("wrapper/mvnw.cmd", "mvnw.cmd", false),
            new Entry("wrapper/.mvn/wrapper/maven-wrapper.properties", ".mvn/wrapper/maven-wrapper.properties", false));

    @Parameters(index = "0", paramLabel = "FLOW_ID", description = "The flow id (served at POST /flows/FLOW_ID).")
    String flowId;

    @Parameters(index = "1", paramLabel = "DIR", description = "The folder to create; it must not exist or be empty.")
    Path directory;

    @Option(names = "--package", paramLabel = "NAME",
            description = "The Java package (and Maven groupId); default: com.example.<flow id>.")
    String javaPackage;

    @Option(names = "--class", paramLabel = "NAME", description = "The plugin class; default: <FlowId>Flow.")
    String className;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String problem = problem();
            if (problem != null) {
                err.println("flowgate: new-plugin: " + problem);
                return 2;
            }
            Map<String, String> values = values();
            for (Entry entry : FILES) {
                write(directory.resolve(fill(entry.target(), values)), fill(template(entry.template()), values),
                        entry.executable());
            }
            out.println("created the plugin project " + directory.toAbsolutePath().normalize() + " (flow \"" + flowId
                    + "\", class " + values.get("package") + "." + values.get("className") + ").");
            out.println("Next: cd " + directory + " && ./mvnw verify   (the jar is target/" + flowId + ".jar)");
            // The project builds with whatever java the shell finds; the launcher's JDK is known to be new enough.
            out.println("It needs a JDK 21 or newer; if your default java is older: JAVA_HOME="
                    + System.getProperty("java.home") + " ./mvnw verify");
            return 0;
        } catch (IOException | UncheckedIOException e) {
            err.println("flowgate: new-plugin: cannot write " + directory.toAbsolutePath() + ": " + e.getMessage());
            return 2;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** What is wrong with the arguments, or null. */
    private String problem() throws IOException {
        if (!FlowId.isValid(flowId)) {
            return "\"" + flowId + "\" is not a flow id: use 1 to 64 letters, digits, '-' or '_'";
        }
        if (javaPackage != null && (!JAVA_PACKAGE.matcher(javaPackage).matches() || !SourceVersion.isName(javaPackage))) {
            return "--package " + javaPackage + " is not a Java package name (lower case, dot-separated, e.g. com.acme.flows)";
        }
        if (className != null && (!className.matches("[A-Z][A-Za-z0-9_]*") || !SourceVersion.isName(className))) {
            return "--class " + className + " is not a Java class name (starts with a capital letter, e.g. FeedbackFlow)";
        }
        if (Files.exists(directory)) {
            if (!Files.isDirectory(directory)) {
                return directory.toAbsolutePath() + " is a file: name a new folder";
            }
            try (Stream<Path> children = Files.list(directory)) {
                if (children.findAny().isPresent()) {
                    return directory.toAbsolutePath() + " is not empty: name a new folder, so nothing of yours is overwritten";
                }
            }
        }
        return null;
    }

    private Map<String, String> values() {
        String words = flowId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
        String segment = words.replace(" ", "");
        // A package segment cannot start with a digit or be a keyword ("new", "case"): prefix or suffix it.
        if (segment.isEmpty() || Character.isDigit(segment.charAt(0))) {
            segment = "flow" + segment;
        } else if (SourceVersion.isKeyword(segment)) {
            segment = segment + "flow";
        }
        String pkg = javaPackage != null ? javaPackage : "com.example." + segment;
        String cls = className != null ? className : camelCase(words) + "Flow";
        return Map.of("flowId", flowId, "package", pkg, "packagePath", pkg.replace('.', '/'), "className", cls,
                "flowgateVersion", flowgateVersion());
    }

    private static String camelCase(String words) {
        var name = new StringBuilder();
        for (String word : words.split(" ")) {
            if (!word.isEmpty()) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "Flow" + name : name.toString();
    }

    /** The version of this server, which the new plugin compiles and tests against. */
    static String flowgateVersion() {
        var properties = new Properties();
        try (InputStream in = NewPlugin.class.getResourceAsStream(TEMPLATES + "sdk.properties")) {
            if (in == null) {
                throw new IllegalStateException("new-plugin/sdk.properties is missing from the server's jar: rebuild it");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("flowgate.version");
    }

    static String template(String name) throws IOException {
        try (InputStream in = NewPlugin.class.getResourceAsStream(TEMPLATES + name)) {
            if (in == null) {
                throw new IOException("the template " + TEMPLATES + name + " is missing from the server's jar: rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String fill(String text, Map<String, String> values) {
        String filled = text;
        for (var value : values.entrySet()) {
            filled = filled.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        return filled;
    }

    private static void write(Path file, String content, boolean executable) throws IOException {
        Files.createDirectories(file.getParent());
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
        if (executable && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            var permissions = new java.util.HashSet<>(Files.getPosixFilePermissions(file));
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(file, permissions);
        }
    }
}
