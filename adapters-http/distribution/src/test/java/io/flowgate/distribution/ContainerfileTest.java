package io.flowgate.distribution;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of the Containerfile without a container engine (none runs on the build machines): its
 * instructions, read the way the Dockerfile syntax defines them (comments, backslash continuations).
 */
class ContainerfileTest {

    private static final Path CONTAINERFILE = Path.of("src/dist/Containerfile");

    record Instruction(String keyword, String arguments) {
    }

    @Test
    void theImageIsASlimJavaRuntimeOfVersion21OrNewer() throws IOException {
        List<Instruction> from = only("FROM");

        assertThat(from).hasSize(1);
        Matcher image = Pattern.compile("eclipse-temurin:(\\d+)-jre(-[a-z]+)?").matcher(from.getFirst().arguments());
        assertThat(image.matches()).as(from.getFirst().arguments() + " is a Temurin JRE image").isTrue();
        assertThat(Integer.parseInt(image.group(1))).isGreaterThanOrEqualTo(21);
    }

    @Test
    void itIsBuiltFromTheReleaseTarball() throws IOException {
        assertThat(only("ADD")).singleElement().extracting(Instruction::arguments)
                .isEqualTo("flowgate-${FLOWGATE_VERSION}.tar.gz /opt/");
        assertThat(only("ARG")).singleElement().extracting(Instruction::arguments)
                .isEqualTo("FLOWGATE_VERSION=${project.version}");
    }

    @Test
    void theServerRunsAsANonRootUser() throws IOException {
        List<Instruction> users = only("USER");

        assertThat(users).isNotEmpty();
        String user = users.getLast().arguments();
        assertThat(user.split(":")[0]).isNotIn("root", "0").matches("[1-9][0-9]*");
        assertThat(only("RUN")).anySatisfy(run -> assertThat(run.arguments()).contains("useradd --system --uid " + user.split(":")[0]));
    }

    @Test
    void bothPortsAreExposedAndConfPluginsAndDataAreVolumes() throws IOException {
        assertThat(only("EXPOSE")).singleElement().extracting(Instruction::arguments).isEqualTo("8080 9090");
        assertThat(only("VOLUME")).singleElement().extracting(Instruction::arguments).asString()
                .contains("\"/opt/flowgate/conf\"").contains("\"/opt/flowgate/plugins\"").contains("\"/var/lib/flowgate\"");
        assertThat(only("ENV")).singleElement().extracting(Instruction::arguments).asString()
                .contains("FLOWGATE_DATA_DIR=/var/lib/flowgate").contains("FLOWGATE_MANAGEMENT_HOST=0.0.0.0");
    }

    @Test
    void theHealthCheckProbesTheManagementListenersReadiness() throws IOException {
        assertThat(only("HEALTHCHECK")).singleElement().extracting(Instruction::arguments).asString()
                .contains("CMD [\"/opt/flowgate/bin/healthcheck\"]").contains("--start-period=");
        String healthcheck = Files.readString(Path.of("src/dist/bin/healthcheck"));
        assertThat(healthcheck).contains("path=\"${2:-/observe/health/ready}\"")
                .contains("port=\"${1:-${FLOWGATE_MANAGEMENT_PORT:-9090}}\"");
    }

    @Test
    void theEntryPointIsTheReleasesLauncherServing() throws IOException {
        assertThat(only("ENTRYPOINT")).singleElement().extracting(Instruction::arguments)
                .isEqualTo("[\"/opt/flowgate/bin/flowgate\"]");
        assertThat(only("CMD")).singleElement().extracting(Instruction::arguments).isEqualTo("[\"serve\"]");
    }

    @Test
    void everyInstructionIsOneTheDockerfileSyntaxKnows() throws IOException {
        assertThat(instructions()).extracting(Instruction::keyword).allMatch(keyword -> List.of("FROM", "ARG", "ADD",
                "COPY", "RUN", "ENV", "WORKDIR", "USER", "EXPOSE", "VOLUME", "HEALTHCHECK", "ENTRYPOINT", "CMD", "LABEL",
                "STOPSIGNAL").contains(keyword));
        assertThat(instructions().getFirst().keyword()).isIn("FROM", "ARG");
    }

    private static List<Instruction> only(String keyword) throws IOException {
        return instructions().stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
    }

    private static List<Instruction> instructions() throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        var pending = new StringBuilder();
        for (String line : Files.readAllLines(CONTAINERFILE)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String text = pending.toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space).toUpperCase(java.util.Locale.ROOT),
                    text.substring(space + 1).strip().replaceAll("\\s+", " ")));
        }
        assertThat(pending).as("a continued line at the end of " + CONTAINERFILE).isEmpty();
        return instructions;
    }
}
