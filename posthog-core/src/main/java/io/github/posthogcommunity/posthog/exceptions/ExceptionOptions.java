package io.github.posthogcommunity.posthog.exceptions;

import io.github.posthogcommunity.posthog.CaptureOptions;

import org.jspecify.annotations.Nullable;

/**
 * How one exception is captured by {@code PostHogClient.captureException}.
 *
 * @param handled whether the application handled the exception ({@code mechanism.handled} of every entry of
 *                {@code $exception_list}); {@code false} for exceptions that escaped (uncaught, unhandled requests)
 * @param captureOptions the per-event options of {@code capture} (timestamp, uuid, groups, ...), may be {@code null}
 * @param level the {@code $exception_level}; {@code null} is {@link ExceptionLevel#ERROR}
 * @param synthetic whether the exception was made up by the SDK to carry a message (a logged error without a
 *                  throwable): {@code mechanism.synthetic} of the first entry, so its stack trace is read as the
 *                  place of the report rather than of a failure
 */
public record ExceptionOptions(boolean handled, @Nullable CaptureOptions captureOptions, ExceptionLevel level,
                               boolean synthetic) {

    private static final ExceptionOptions HANDLED = new ExceptionOptions(true, null);
    private static final ExceptionOptions UNHANDLED = new ExceptionOptions(false, null);

    /** Normalizes a {@code null} level to {@link ExceptionLevel#ERROR}. */
    public ExceptionOptions {
        level = level == null ? ExceptionLevel.ERROR : level;
    }

    /** A real (not synthetic) exception at level {@code error}. */
    public ExceptionOptions(boolean handled, CaptureOptions captureOptions) {
        this(handled, captureOptions, ExceptionLevel.ERROR, false);
    }

    /** The default of {@code captureException}: a handled exception, no capture options. */
    public static ExceptionOptions defaults() {
        return HANDLED;
    }

    /** An exception the application did not handle (what the automatic captures send), no capture options. */
    public static ExceptionOptions unhandled() {
        return UNHANDLED;
    }

    /** A copy with another {@code $exception_level}. */
    public ExceptionOptions withLevel(ExceptionLevel newLevel) {
        return new ExceptionOptions(handled, captureOptions, newLevel, synthetic);
    }

    /** A copy marked (or not) synthetic. */
    public ExceptionOptions withSynthetic(boolean newSynthetic) {
        return new ExceptionOptions(handled, captureOptions, level, newSynthetic);
    }

    /** A copy with other per-event options. */
    public ExceptionOptions withCaptureOptions(CaptureOptions newCaptureOptions) {
        return new ExceptionOptions(handled, newCaptureOptions, level, synthetic);
    }
}
