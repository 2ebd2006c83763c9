package io.flowgate.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** flowgate.log.format: json writes each record as one JSON object, the request line's fields as keys. */
class JsonLogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void aRealRequestLineBecomesOneJsonObjectWithItsFieldsAsKeys() throws Exception {
        try (var logs = CapturedLogs.of(JsonLogFormatter.REQUEST_LOGGER);
             var server = TestServers.start(home, Map.of())) {
            var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/flows/booking"))
                    .POST(HttpRequest.BodyPublishers.ofString("not json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(400);

            LogRecord line = logs.records().stream().filter(record -> record.getLevel() == Level.WARNING)
                    .findFirst().orElseThrow();
            String formatted = new JsonLogFormatter().format(line);
            assertThat(formatted).endsWith(System.lineSeparator());
            assertThat(formatted.strip()).doesNotContain("\n");
            Map<String, Object> object = JSON.readValue(formatted, new TypeReference<>() {
            });
            assertThat(object).containsEntry("level", "WARNING").containsEntry("logger", JsonLogFormatter.REQUEST_LOGGER)
                    .containsEntry("flow", "booking").containsEntry("action", "?").containsEntry("status", 400)
                    .containsKeys("time", "message", "req", "latency_ms", "reason");
            assertThat(object.get("latency_ms")).isInstanceOf(Number.class);
            assertThat((String) object.get("reason")).startsWith("the request body is not a JSON object");
            assertThat(object.get("req")).isEqualTo(answer.headers().firstValue("X-Request-Id").orElseThrow());
        }
    }

    @Test
    void otherRecordsKeepTheirMessageAndExceptionWithoutInventedFields() throws Exception {
        var record = new LogRecord(Level.SEVERE, "webhook: completion {0} failed \"badly\"");
        record.setLoggerName("io.flowgate.core.service.CompletionDeliveryService");
        record.setParameters(new Object[]{"wamid.1"});
        record.setThrown(new IllegalStateException("the plugin failed"));

        Map<String, Object> object = JSON.readValue(new JsonLogFormatter().format(record), new TypeReference<>() {
        });
        assertThat(object).containsOnlyKeys("time", "level", "logger", "message", "exception")
                .containsEntry("message", "webhook: completion wamid.1 failed \"badly\"");
        assertThat((String) object.get("exception")).startsWith("java.lang.IllegalStateException: the plugin failed");
    }

    @Test
    void theSettingAcceptsTextOrJsonAndNamesItsVariableOtherwise() throws Exception {
        assertThat(TestServers.settings(home, Map.of()).logFormat()).isEqualTo(FlowgateSettings.LogFormat.TEXT);
        assertThat(TestServers.settings(home, Map.of("FLOWGATE_LOG_FORMAT", "JSON")).logFormat())
                .isEqualTo(FlowgateSettings.LogFormat.JSON);
        assertThatThrownBy(() -> SettingsReader.read(Optional.empty(), Map.of("FLOWGATE_LOG_FORMAT", "xml")))
                .hasMessageContaining("flowgate.log.format (FLOWGATE_LOG_FORMAT) is \"xml\": expected text or json");
    }
}
