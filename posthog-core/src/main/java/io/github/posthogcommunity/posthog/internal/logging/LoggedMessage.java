package io.github.posthogcommunity.posthog.internal.logging;

import java.io.Serial;

/**
 * The synthetic exception of a logging event that carries no throwable: its message is the formatted log message
 * and its stack trace the place of the log call. Captured with {@code mechanism.synthetic = true}.
 */
public final class LoggedMessage extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    LoggedMessage(String message, StackTraceElement[] stackTrace) {
        super(message, null, false, true);
        setStackTrace(stackTrace);
    }
}
