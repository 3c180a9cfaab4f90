package io.github.posthogcommunity.posthog.internal.logging;

import io.github.posthogcommunity.posthog.exceptions.ExceptionLevel;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One logging event as {@link LogExceptionCapture} reads it. Accessors are called only after the event passed the
 * cheap checks, inside the recursion guard: they may format the message and call the application's
 * {@code toString()}.
 */
public interface LogEntry {

    /** The logger's name. */
    String loggerName();

    /** The framework's name of the level, e.g. {@code ERROR}. */
    String levelName();

    /** The level as PostHog names it. */
    ExceptionLevel level();

    /** The message with its arguments substituted. */
    String formattedMessage();

    /** The name of the thread that logged. */
    String threadName();

    /** The throwable logged with the message, or {@code null}. */
    @Nullable Throwable throwable();

    /** When it was logged, in epoch milliseconds. */
    long timestampMillis();

    /** The MDC (thread context) of the event; may be empty, never {@code null}. */
    Map<String, String> mdc();

    /** Where the log call was made, when the framework already computed it; {@code null} otherwise. */
    default StackTraceElement @Nullable [] callerData() {
        return null;
    }
}
