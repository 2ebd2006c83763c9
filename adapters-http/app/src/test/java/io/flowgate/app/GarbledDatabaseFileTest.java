package io.flowgate.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A damaged embedded database is reported as what it is, with the way out; no setting fixes it. */
class GarbledDatabaseFileTest {

    @TempDir
    Path home;

    @Test
    void aFileThatIsNotADatabaseIsNamedWithTheAdviceToRestoreOrMoveItAside() throws Exception {
        Path file = Files.createDirectories(home.resolve("data")).resolve("flowgate.db");
        byte[] garbage = new byte[8192];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31 + 7);
        }
        Files.write(file, garbage);
        var err = new StringWriter();

        int exit = Main.serve(TestServers.settings(home, Map.of("FLOWGATE_STORAGE_TYPE", "embedded")), new PrintWriter(err));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains(file.toAbsolutePath() + " is not a SQLite database, or it is corrupt")
                .contains("restore it from a backup, or move it aside")
                .doesNotContain("check the flowgate.storage");
        assertThat(Files.readAllBytes(file)).as("the file is left as it was, for the operator").isEqualTo(garbage);
    }
}
