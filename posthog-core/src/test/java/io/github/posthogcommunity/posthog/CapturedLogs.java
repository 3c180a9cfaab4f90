package io.github.posthogcommunity.posthog;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects the client's log lines (System.Logger goes to java.util.logging by default). Close to detach. */
final class CapturedLogs extends Handler implements AutoCloseable {

    private static final SimpleFormatter FORMAT = new SimpleFormatter();

    private final Logger logger = Logger.getLogger("io.github.posthogcommunity.posthog");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    CapturedLogs() {
        logger.addHandler(this);
    }

    /** The formatted messages of WARNING and above. */
    List<String> warnings() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(FORMAT::formatMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
