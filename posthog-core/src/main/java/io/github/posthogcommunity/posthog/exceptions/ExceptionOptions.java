package io.github.posthogcommunity.posthog.exceptions;

import io.github.posthogcommunity.posthog.CaptureOptions;

import org.jspecify.annotations.Nullable;

/**
 * How one exception is captured by {@code PostHogClient.captureException}.
 *
 * @param handled whether the application handled the exception ({@code mechanism.handled} of every entry of
 *                {@code $exception_list}); {@code false} for exceptions that escaped (uncaught, unhandled requests)
 * @param captureOptions the per-event options of {@code capture} (timestamp, uuid, groups, ...), may be {@code null}
 */
public record ExceptionOptions(boolean handled, @Nullable CaptureOptions captureOptions) {

    private static final ExceptionOptions HANDLED = new ExceptionOptions(true, null);
    private static final ExceptionOptions UNHANDLED = new ExceptionOptions(false, null);

    /** The default of {@code captureException}: a handled exception, no capture options. */
    public static ExceptionOptions defaults() {
        return HANDLED;
    }

    /** An exception the application did not handle (what the automatic captures send), no capture options. */
    public static ExceptionOptions unhandled() {
        return UNHANDLED;
    }
}
