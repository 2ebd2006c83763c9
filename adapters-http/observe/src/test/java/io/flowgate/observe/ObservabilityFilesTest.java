package io.flowgate.observe;

import io.flowgate.core.domain.ReceivedMetaAlert;
import io.flowgate.core.port.out.FlowgateTelemetry.PluginFailure;
import io.flowgate.core.port.out.FlowgateTelemetry.RequestAction;
import io.flowgate.core.port.out.FlowgateTelemetry.SignatureKind;
import io.flowgate.core.port.out.FlowgateTelemetry.WebhookEvent;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric that the alert rules, the Grafana dashboard and the observability README name is one the
 * server exports: a renamed meter would otherwise leave a rule that never fires and a panel that stays empty.
 * The exported names come from the real exporter after one event of every kind.
 */
class ObservabilityFilesTest {

    private static final Pattern METRIC = Pattern.compile("\\bflowgate_[a-z0-9_]+");
    /** Micrometer's timers add a max gauge that nothing names; the rest of the suffixes are histogram parts. */
    private static final List<String> HISTOGRAM_PARTS = List.of("_bucket", "_count", "_sum");

    @Test
    void everyMetricTheRulesTheDashboardAndTheReadmeNameIsExported() throws Exception {
        Set<String> exported = exportedNames();
        Path dir = AlertRulesTest.observabilityDir();

        for (String file : List.of("alert-rules.yml", "alert-rules.test.yml", "grafana-dashboard.json", "README.md")) {
            Set<String> named = named(Files.readString(dir.resolve(file)));
            assertThat(named).as(file + " names metrics").isNotEmpty();
            for (String name : named) {
                assertThat(exported(name, exported)).as(file + " names " + name + "; exported: " + exported).isTrue();
            }
        }
    }

    @Test
    void theDashboardUsesEveryFamilyOfMetrics() throws Exception {
        Set<String> named = named(Files.readString(AlertRulesTest.observabilityDir().resolve("grafana-dashboard.json")));
        Set<String> families = new TreeSet<>();
        for (String name : exportedNames()) {
            families.add(base(name));
        }
        families.remove("flowgate_request_duration_seconds_max");
        Set<String> shown = new TreeSet<>();
        named.forEach(name -> shown.add(base(name)));
        assertThat(shown).containsAll(families);
    }

    private static boolean exported(String name, Set<String> exported) {
        return exported.contains(name) || HISTOGRAM_PARTS.stream().anyMatch(part -> exported.contains(name + part));
    }

    private static String base(String name) {
        for (String part : HISTOGRAM_PARTS) {
            if (name.endsWith(part)) {
                return name.substring(0, name.length() - part.length());
            }
        }
        return name;
    }

    private static Set<String> named(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    /** One event of every kind through the real meters, then the sample names of a scrape. */
    private static Set<String> exportedNames() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var telemetry = new MicrometerTelemetry(registry, List.of("appointment"));
        ServerGauges.register(registry, new ServerGauges.Sources(() -> 0, 64, 1,
                () -> Optional.of(Instant.EPOCH), Clock.systemUTC(), () -> 1, () -> 900_000));
        telemetry.requestAnswered("appointment", RequestAction.INIT, 200, 1_000_000, true);
        telemetry.tokenRejected("appointment", "expired");
        telemetry.signatureRejected("appointment", SignatureKind.HUB_SIGNATURE);
        telemetry.pluginFailed("appointment", PluginFailure.TIMEOUT);
        telemetry.answerBrokeFlowJson("appointment", List.of("UNKNOWN_SCREEN"));
        telemetry.decryptionRejected();
        telemetry.webhook(WebhookEvent.DEAD_LETTERED);
        telemetry.mediaDownloaded("ok", 10);
        telemetry.screenReached("appointment", "APPOINTMENT");
        telemetry.sessionAbandoned("appointment", "APPOINTMENT");
        telemetry.sessionCompleted("appointment");
        telemetry.alertReceived(new ReceivedMetaAlert("1", "42", "ENDPOINT_LATENCY", "ACTIVATED", "", "", Instant.EPOCH,
                Instant.EPOCH, Map.of()));
        Set<String> names = new TreeSet<>();
        registry.scrape().lines().filter(line -> line.startsWith("flowgate_"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }
}
