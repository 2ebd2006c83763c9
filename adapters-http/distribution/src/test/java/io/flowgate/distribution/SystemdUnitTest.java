package io.flowgate.distribution;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** conf/flowgate.service: a dedicated user, a read-only system, restarts, secrets from a file (issue 15). */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("src/dist/conf/flowgate.service");

    @Test
    void theServiceRunsTheReleaseAsItsOwnUserAndRestartsOnFailure() throws IOException {
        Map<String, String> service = section("Service");

        assertThat(service).containsEntry("User", "flowgate").containsEntry("Group", "flowgate")
                .containsEntry("ExecStart", "/opt/flowgate/bin/flowgate serve")
                .containsEntry("Restart", "on-failure")
                .containsEntry("EnvironmentFile", "/etc/flowgate/flowgate.env")
                .containsEntry("StateDirectory", "flowgate")
                .containsEntry("Environment", "FLOWGATE_DATA_DIR=/var/lib/flowgate");
        assertThat(section("Install")).containsEntry("WantedBy", "multi-user.target");
    }

    @Test
    void theServiceIsHardened() throws IOException {
        Map<String, String> service = section("Service");

        assertThat(service).containsEntry("NoNewPrivileges", "true").containsEntry("ProtectSystem", "strict")
                .containsEntry("ProtectHome", "true").containsEntry("PrivateTmp", "true")
                .containsEntry("PrivateDevices", "true").containsEntry("CapabilityBoundingSet", "")
                .containsEntry("RestrictSUIDSGID", "true").containsEntry("ProtectKernelTunables", "true");
        // The JIT writes the code it runs: this one would make the JVM fail at start.
        assertThat(service).doesNotContainKey("MemoryDenyWriteExecute");
    }

    @Test
    void theStopTimeoutLeavesTheDrainItsGracePeriod() throws IOException {
        String timeout = section("Service").get("TimeoutStopSec");

        assertThat(timeout).endsWith("s");
        // flowgate.shutdown.grace is 10 s by default; a kill before that would cut requests in flight.
        assertThat(Integer.parseInt(timeout.replace("s", ""))).isGreaterThan(10);
    }

    /** The keys of one [section]; a key given twice keeps its last value, as systemd does for most keys. */
    private static Map<String, String> section(String name) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        String current = "";
        List<String> lines = Files.readAllLines(UNIT);
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                current = trimmed.substring(1, trimmed.length() - 1);
            } else if (current.equals(name)) {
                int equals = trimmed.indexOf('=');
                assertThat(equals).as("not a key=value line: " + line).isPositive();
                keys.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
            }
        }
        assertThat(keys).as("section [" + name + "] of " + UNIT).isNotEmpty();
        return keys;
    }
}
