package io.flowgate.storage.contract;

import io.flowgate.core.domain.Journey;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.domain.SessionRecord;
import io.flowgate.storage.jdbc.EmbeddedStorageAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store keeps a committed step when the process dies without closing anything (kill -9). */
class EmbeddedDurabilityTest {

    @TempDir
    Path dataDir;

    @Test
    void aCommittedUpdateSurvivesTheProcessBeingKilled() throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WriteThenDie.class.getName(), dataDir.toString())
                .redirectErrorStream(true).start();
        String output = new String(writer.getInputStream().readAllBytes());
        assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("committed");
        assertThat(writer.exitValue()).as("killed without closing").isEqualTo(137);

        try (var store = new EmbeddedStorageAdapter().open(Map.of(), dataDir)) {
            SessionRecord found = store.find("durable").orElseThrow();
            assertThat(found.version()).isEqualTo(1);
            assertThat(found.data()).isEqualTo(Map.of("step", "DETAILS"));
        }
    }

    /** Runs in a child JVM: commits, then halts like kill -9 (no close, no shutdown hooks). */
    public static final class WriteThenDie {
        public static void main(String[] args) throws Exception {
            var store = new EmbeddedStorageAdapter().open(Map.of(), Path.of(args[0]));
            Instant now = Instant.now();
            store.insert(new SessionRecord("durable", new FlowId("appointment"), "447700900123", Map.of(), Map.of(), 0,
                    now, now.plusSeconds(600), Optional.empty(), ""));
            store.update("durable", 0, Map.of("step", "DETAILS"), Journey.NONE, false, now,
                    io.flowgate.core.domain.Deadline.in(java.time.Duration.ofMinutes(1)));
            System.out.println("committed");
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
