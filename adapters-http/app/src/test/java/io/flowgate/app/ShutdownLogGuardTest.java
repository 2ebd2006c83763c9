package io.flowgate.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server logs while it stops must reach the console even when the JDK's logging hook runs first
 * (GracefulShutdownTest saw the drain's lines vanish once in CI). Each case is its own JVM.
 */
class ShutdownLogGuardTest {

    @TempDir
    Path dir;

    @Test
    void withoutTheGuardALineLoggedAfterTheLoggingHookBeganIsLost() throws Exception {
        // The control: the failure the guard exists for is real on this JDK.
        assertThat(run("unguarded")).contains("started").doesNotContain(ShutdownLoggingFixture.LATE_LINE);
    }

    @Test
    void theGuardKeepsTheConsoleOpenUntilReleased() throws Exception {
        assertThat(run("guarded")).contains("started").contains(ShutdownLoggingFixture.LATE_LINE);
    }

    private String run(String mode) throws Exception {
        Path output = dir.resolve(mode + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ShutdownLoggingFixture.class.getName(), mode)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the fixture JVM ended").isTrue();
        String text = Files.readString(output);
        assertThat(process.exitValue()).as("exit status; output:\n" + text).isZero();
        return text;
    }
}
