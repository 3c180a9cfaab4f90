package io.github.posthogcommunity.posthog.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import io.github.posthogcommunity.posthog.exceptions.ExceptionLevel;
import io.github.posthogcommunity.posthog.internal.logging.LogEntry;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/** A Logback event as the shared capture reads it. */
final class LogbackEntry implements LogEntry {

    private final ILoggingEvent event;

    LogbackEntry(ILoggingEvent event) {
        this.event = event;
    }

    /** The PostHog level of a Logback level: there is no fatal in Logback, trace is debug. */
    static ExceptionLevel level(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return ExceptionLevel.ERROR;
        }
        if (level.isGreaterOrEqual(Level.WARN)) {
            return ExceptionLevel.WARNING;
        }
        return level.isGreaterOrEqual(Level.INFO) ? ExceptionLevel.INFO : ExceptionLevel.DEBUG;
    }

    @Override
    public String loggerName() {
        return event.getLoggerName();
    }

    @Override
    public String levelName() {
        return event.getLevel().toString();
    }

    @Override
    public ExceptionLevel level() {
        return level(event.getLevel());
    }

    @Override
    public String formattedMessage() {
        return event.getFormattedMessage();
    }

    @Override
    public String threadName() {
        return event.getThreadName();
    }

    /** The logged throwable; {@code null} also for a deserialized event, whose proxy holds no throwable. */
    @Override
    public @Nullable Throwable throwable() {
        IThrowableProxy proxy = event.getThrowableProxy();
        return proxy instanceof ThrowableProxy real ? real.getThrowable() : null;
    }

    @Override
    public long timestampMillis() {
        return event.getTimeStamp();
    }

    @Override
    public Map<String, String> mdc() {
        Map<String, String> mdc = event.getMDCPropertyMap();
        return mdc == null ? Map.of() : mdc;
    }

    @Override
    public StackTraceElement @Nullable [] callerData() {
        return event.hasCallerData() ? event.getCallerData() : null;
    }
}
