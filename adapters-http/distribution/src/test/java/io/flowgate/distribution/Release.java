package io.flowgate.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The release tarball of this build, unpacked into a temporary folder outside the repository, and the commands
 * of its bin/ run from there as a separate process.
 */
final class Release implements AutoCloseable {

    /** The commands bin/flowgate may use: enough to find a Java runtime, nothing of a build tool. */
    private static final List<String> TOOLS = List.of("bash", "env", "dirname", "readlink", "sed", "head", "cat");

    private final Path folder;
    private final Path home;
    private final Path tools;

    private Release(Path folder, Path home, Path tools) {
        this.folder = folder;
        this.home = home;
        this.tools = tools;
    }

    /** Unpacks the tarball the build made ({@code flowgate.tarball}, set by failsafe). */
    static Release unpack() throws IOException, InterruptedException {
        Path tarball = Path.of(System.getProperty("flowgate.tarball", "target/missing.tar.gz"));
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException(tarball.toAbsolutePath() + " does not exist: run the package phase first"
                    + " (./flowgate test runs it before this test)");
        }
        Path folder = Files.createTempDirectory("flowgate-release");
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", folder.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes());
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("tar could not unpack " + tarball + ": " + output);
        }
        Path home = folder.resolve(System.getProperty("flowgate.release", "flowgate"));
        Path tools = Files.createDirectories(folder.resolve("path"));
        for (String tool : TOOLS) {
            Path real = Stream.of("/usr/bin", "/bin").map(dir -> Path.of(dir, tool)).filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new IllegalStateException("no " + tool + " on this machine"));
            Files.createSymbolicLink(tools.resolve(tool), real);
        }
        return new Release(folder, home, tools);
    }

    /** The unpacked release folder, {@code flowgate-<version>}. */
    Path home() {
        return home;
    }

    /**
     * A process of {@code command}, a script of the release such as {@code bin/flowgate}, with {@code args}, started from {@code workingDirectory}, with only the
     * given environment, this JVM's runtime as JAVA_HOME and a PATH that holds nothing but {@link #TOOLS}.
     */
    ProcessBuilder command(String command, Path workingDirectory, Map<String, String> environment, String... args) {
        List<String> line = new ArrayList<>();
        line.add(home.resolve(command).toString());
        line.addAll(List.of(args));
        var builder = new ProcessBuilder(line).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", tools.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        return builder;
    }

    /** Runs a command to its end (at most 60 s); its exit status and what it printed on stdout and stderr. */
    Result run(String command, Path workingDirectory, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(folder, "out", ".txt");
        Path err = Files.createTempFile(folder, "err", ".txt");
        Process process = command(command, workingDirectory, environment, args)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    record Result(int status, String out, String err) {
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the unpacked release " + folder + " could not be deleted", e);
        }
    }
}
