package io.flowgate.observe;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator files in docs/observability/: the Prometheus alert rules pass {@code promtool check rules}, their
 * unit tests pass {@code promtool test rules}, and the rule file defines exactly the documented alerts, each of
 * which has a unit test and a section in the README.
 *
 * <p>promtool comes from Debian's {@code prometheus} package, which {@code .ci/run} installs. Without it the
 * promtool tests are skipped, unless {@code CI=true} or {@code -Dflowgate.requireServices=true}: then they fail.
 */
class AlertRulesTest {

    private static final String RULES = "alert-rules.yml";
    private static final String RULE_TESTS = "alert-rules.test.yml";
    private static final long TIMEOUT_SECONDS = 60;

    /** Every alert the rule file must define, as documented in docs/observability/README.md. */
    private static final List<String> ALERTS = List.of(
            "FlowgateEndpointErrorRate",
            "FlowgateEndpointLatencyP90",
            "FlowgateEndpointAvailability",
            "FlowgateWebhookInboxLag",
            "FlowgateWebhookDeadLetters",
            "FlowgateMetaAlertActive",
            "FlowgateFlowThrottledOrBlocked",
            "FlowgateDecryptionRejections");

    private static final Pattern ALERT_RULE = Pattern.compile("(?m)^\\s*-\\s+alert:\\s*([A-Za-z0-9_]+)\\s*$");
    private static final Pattern ALERT_UNDER_TEST = Pattern.compile("(?m)^\\s*alertname:\\s*([A-Za-z0-9_]+)\\s*$");

    @TempDir
    Path temp;

    @Test
    void theRuleFileIsValidForPromtool() throws Exception {
        Path promtool = promtool();
        Promtool run = run(promtool, temp, observabilityDir(), "check", "rules", RULES);
        assertThat(run.exitCode())
                .as("promtool check rules %s exits 0; its output:%n%s", RULES, run.output())
                .isZero();
        assertThat(run.output()).as("promtool's output").contains("SUCCESS: " + ALERTS.size() + " rules found");
    }

    @Test
    void theRulesPassTheirPromtoolUnitTests() throws Exception {
        Path promtool = promtool();
        Promtool run = run(promtool, temp, observabilityDir(), "test", "rules", RULE_TESTS);
        assertThat(run.exitCode())
                .as("promtool test rules %s exits 0; its output:%n%s", RULE_TESTS, run.output())
                .isZero();
        assertThat(run.output()).as("promtool's output").contains("SUCCESS");
    }

    @Test
    void theRuleFileDefinesEveryDocumentedAlertOnce() throws IOException {
        String rules = Files.readString(observabilityDir().resolve(RULES), StandardCharsets.UTF_8);
        List<String> defined = matches(ALERT_RULE, rules);
        assertThat(defined)
                .as("the alerts named by '- alert: Name' in %s", RULES)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ALERTS);
        for (String alert : ALERTS) {
            assertThat(rules).as("%s has a severity label", alert)
                    .containsPattern("(?s)- alert: " + alert + "\\b.*?severity: (warning|critical)");
        }
    }

    @Test
    void everyAlertHasAUnitTestAndASectionInTheReadme() throws IOException {
        Path dir = observabilityDir();
        Set<String> tested = new LinkedHashSet<>(
                matches(ALERT_UNDER_TEST, Files.readString(dir.resolve(RULE_TESTS), StandardCharsets.UTF_8)));
        assertThat(tested).as("the alertname entries of %s", RULE_TESTS).containsAll(ALERTS);
        String readme = Files.readString(dir.resolve("README.md"), StandardCharsets.UTF_8);
        for (String alert : ALERTS) {
            assertThat(readme).as("docs/observability/README.md explains %s", alert).contains(alert);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private record Promtool(int exitCode, String output) {
    }

    /** Runs promtool in {@code dir}, its stdout and stderr together in a file (no pipe to fill up), for 60 s at most. */
    private static Promtool run(Path promtool, Path temp, Path dir, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(temp, "promtool", ".log");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished)
                .as("%s finished within %d s in %s; its output so far:%n%s", String.join(" ", command),
                        TIMEOUT_SECONDS, dir, output)
                .isTrue();
        return new Promtool(process.exitValue(), output);
    }

    /** promtool from PATH, else /usr/bin/promtool; skips the test without it, or fails where it is required. */
    private static Path promtool() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(Pattern.quote(File.pathSeparator))) {
                if (!entry.isBlank()) {
                    candidates.add(Path.of(entry, "promtool"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/promtool"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String notice = "promtool is not on PATH nor at /usr/bin/promtool (it comes with Debian's prometheus package:"
                + " apt-get install prometheus)";
        boolean required = "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("flowgate.requireServices");
        if (required) {
            throw new AssertionError(notice + "; it is required here (CI=true or flowgate.requireServices=true),"
                    + " and .ci/run installs Debian's prometheus package for it: run the tests through .ci/run");
        }
        System.err.println("SKIPPED: " + notice + ": the promtool checks of docs/observability/ are skipped");
        return Assumptions.abort(notice + ": the promtool checks of docs/observability/ are skipped");
    }

    /** docs/observability/ of the repository: the first folder, from the working directory up, that holds the rules. */
    static Path observabilityDir() {
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path rules = dir.resolve("docs").resolve("observability").resolve(RULES);
            if (Files.isRegularFile(rules)) {
                return rules.getParent();
            }
        }
        throw new AssertionError("no docs/observability/" + RULES + " in " + start + " or any folder above it");
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
