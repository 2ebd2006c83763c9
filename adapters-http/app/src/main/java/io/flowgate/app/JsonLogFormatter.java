package io.flowgate.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JSON object per line, for log shippers (flowgate.log.format: json): {@code time}, {@code level},
 * {@code logger}, {@code message}, {@code exception} when there is one, and for the data endpoint's request
 * line each of its fields ({@code req}, {@code flow}, {@code action}, {@code screen}, {@code next},
 * {@code status}, {@code latency_ms}, {@code reason}) as a key of its own, numbers as numbers. The message
 * is the text line's message, so nothing is logged in JSON that the text format would not log.
 */
final class JsonLogFormatter extends Formatter {

    /** The logger whose lines are {@code key=value} pairs: the request line. */
    static final String REQUEST_LOGGER = "io.flowgate.core.service.FlowEndpointService";
    private static final Pattern FIELD = Pattern.compile("([a-z_]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String format(LogRecord record) {
        var out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", record.getInstant().toString());
            json.writeStringField("level", record.getLevel().getName());
            json.writeStringField("logger", String.valueOf(record.getLoggerName()));
            String message = formatMessage(record);
            json.writeStringField("message", message);
            if (REQUEST_LOGGER.equals(record.getLoggerName())) {
                writeFields(json, message);
            }
            if (record.getThrown() != null) {
                var trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                json.writeStringField("exception", trace.toString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append(System.lineSeparator()).toString();
    }

    private static void writeFields(JsonGenerator json, String message) throws IOException {
        Matcher field = FIELD.matcher(message);
        while (field.find()) {
            String key = field.group(1);
            String value = field.group(2);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if ((key.equals("status") || key.equals("latency_ms")) && value.matches("\\d+(\\.\\d+)?")) {
                json.writeFieldName(key);
                json.writeNumber(value);
            } else {
                json.writeStringField(key, value);
            }
        }
    }
}
