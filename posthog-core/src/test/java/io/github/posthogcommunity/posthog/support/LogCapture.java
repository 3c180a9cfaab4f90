package io.github.posthogcommunity.posthog.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records everything the SDK logs (JUL logger {@code io.github.posthogcommunity.posthog}, level ALL while open):
 * formatted messages with their thrown stack traces, so tests can search the text a person would read.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private static final String LOGGER = "io.github.posthogcommunity.posthog";

    private final Logger logger = Logger.getLogger(LOGGER);
    private final Level previous;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    public LogCapture() {
        setLevel(Level.ALL);
        previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Every record as a person would read it: level, formatted message, exception chain with stack traces. */
    public String text() {
        StringBuilder all = new StringBuilder();
        for (LogRecord r : records) {
            all.append(formatter.format(r));
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                all.append(t).append('\n');
            }
        }
        return all.toString();
    }

    /** Records at WARNING or above whose formatted text contains {@code fragment}. */
    public long warningsContaining(String fragment) {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .filter(r -> formatter.formatMessage(r).contains(fragment)).count();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }
}
