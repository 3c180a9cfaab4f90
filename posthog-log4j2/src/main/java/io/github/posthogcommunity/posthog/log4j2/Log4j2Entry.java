package io.github.posthogcommunity.posthog.log4j2;

import io.github.posthogcommunity.posthog.exceptions.ExceptionLevel;
import io.github.posthogcommunity.posthog.internal.logging.LogEntry;

import java.util.Map;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.message.Message;
import org.jspecify.annotations.Nullable;

/** A Log4j2 event as the shared capture reads it (synchronously: Log4j2 may reuse the event afterwards). */
final class Log4j2Entry implements LogEntry {

    private final LogEvent event;

    Log4j2Entry(LogEvent event) {
        this.event = event;
    }

    /** The PostHog level of a Log4j2 level; trace is debug. */
    static ExceptionLevel level(Level level) {
        if (level.isMoreSpecificThan(Level.FATAL)) {
            return ExceptionLevel.FATAL;
        }
        if (level.isMoreSpecificThan(Level.ERROR)) {
            return ExceptionLevel.ERROR;
        }
        if (level.isMoreSpecificThan(Level.WARN)) {
            return ExceptionLevel.WARNING;
        }
        return level.isMoreSpecificThan(Level.INFO) ? ExceptionLevel.INFO : ExceptionLevel.DEBUG;
    }

    @Override
    public String loggerName() {
        String name = event.getLoggerName();
        return name == null ? "" : name;
    }

    @Override
    public String levelName() {
        return event.getLevel().name();
    }

    @Override
    public ExceptionLevel level() {
        return level(event.getLevel());
    }

    @Override
    public String formattedMessage() {
        Message message = event.getMessage();
        return message == null ? "" : message.getFormattedMessage();
    }

    @Override
    public String threadName() {
        return event.getThreadName();
    }

    @Override
    public @Nullable Throwable throwable() {
        return event.getThrown();
    }

    @Override
    public long timestampMillis() {
        return event.getTimeMillis();
    }

    @Override
    public Map<String, String> mdc() {
        Map<String, String> mdc = event.getContextData().toMap();
        return mdc == null ? Map.of() : mdc;
    }
}
