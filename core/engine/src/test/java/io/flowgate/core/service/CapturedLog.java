package io.flowgate.core.service;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The records one class logs while this is open, as "LEVEL message" lines (System.Logger goes to
 * java.util.logging here); a thrown exception is appended with its message, so a test sees all it carries.
 */
final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final List<String> lines = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    private CapturedLog(Logger logger) {
        this.logger = logger;
        this.previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.setUseParentHandlers(false); // captured, not printed
        logger.addHandler(this);
    }

    static CapturedLog of(Class<?> source) {
        return new CapturedLog(Logger.getLogger(source.getName()));
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        String level = switch (record.getLevel().getName()) {
            case "SEVERE" -> "ERROR";
            case "FINE" -> "DEBUG";
            default -> record.getLevel().getName();
        };
        String thrown = record.getThrown() == null ? "" : " thrown=" + record.getThrown();
        lines.add(level + " " + formatter.formatMessage(record) + thrown);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(true);
        logger.setLevel(previous);
    }
}
