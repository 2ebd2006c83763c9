package io.flowgate.app;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** The log records of one logger (and its children) while a test runs, formatted as the console shows them. */
final class CapturedLogs extends Handler implements AutoCloseable {

    private final Logger logger;
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<LogRecord> records = new ArrayList<>();

    private CapturedLogs(Logger logger) {
        this.logger = logger;
    }

    /** Starts capturing {@code loggerName} ("" for every logger); close to stop. */
    static CapturedLogs of(String loggerName) {
        var captured = new CapturedLogs(Logger.getLogger(loggerName));
        captured.logger.addHandler(captured);
        return captured;
    }

    /** The records themselves, for a formatter under test. */
    List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** Each record's formatted message. */
    List<String> messages() {
        return lines(Level.ALL, false);
    }

    /** "LEVEL message" of each record at {@code atLeast} or above. */
    List<String> linesAtLeast(Level atLeast) {
        return lines(atLeast, true);
    }

    /** Formatted messages of the records of {@code loggerName} at {@code atLeast} or above. */
    List<String> messagesOf(String loggerName, Level atLeast) {
        synchronized (records) {
            return records.stream().filter(record -> loggerName.equals(record.getLoggerName()))
                    .filter(record -> record.getLevel().intValue() >= atLeast.intValue())
                    .map(formatter::formatMessage).toList();
        }
    }

    private List<String> lines(Level atLeast, boolean withLevel) {
        synchronized (records) {
            return records.stream().filter(record -> record.getLevel().intValue() >= atLeast.intValue())
                    .map(record -> (withLevel ? record.getLevel() + " " : "") + formatter.formatMessage(record))
                    .toList();
        }
    }

    @Override
    public void publish(LogRecord record) {
        synchronized (records) {
            records.add(record);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
