package io.github.posthogcommunity.posthog.internal.exceptions;

import io.github.posthogcommunity.posthog.internal.LoggerNames;

import java.io.PrintStream;
import java.util.function.BiConsumer;

/**
 * The client's default uncaught-exception handler: captures the exception (unhandled), then hands it to the
 * handler that was the default before (or prints it like the JVM does when there was none). Installed when the
 * client is built with {@code captureUncaughtExceptions(true)}; {@link #uninstall()} on shutdown puts the previous
 * handler back, or, when another handler was installed on top of this one since, leaves that one in place and
 * only stops capturing (this one then just delegates).
 */
public final class UncaughtExceptionCapture implements Thread.UncaughtExceptionHandler {

    private static final System.Logger LOG = System.getLogger(LoggerNames.EXCEPTIONS);

    private final Thread.UncaughtExceptionHandler previous;
    private final BiConsumer<Thread, Throwable> capture;
    private final ThreadLocal<Boolean> capturing = new ThreadLocal<>();
    private volatile boolean active = true;

    private UncaughtExceptionCapture(Thread.UncaughtExceptionHandler previous, BiConsumer<Thread, Throwable> capture) {
        this.previous = previous;
        this.capture = capture;
    }

    /** Makes a new handler the JVM default; {@code capture} must not throw (it is guarded anyway). */
    public static synchronized UncaughtExceptionCapture install(BiConsumer<Thread, Throwable> capture) {
        UncaughtExceptionCapture handler =
                new UncaughtExceptionCapture(Thread.getDefaultUncaughtExceptionHandler(), capture);
        Thread.setDefaultUncaughtExceptionHandler(handler);
        return handler;
    }

    /** Stops capturing and restores the previous default handler if this one is still the default. Idempotent. */
    public void uninstall() {
        synchronized (UncaughtExceptionCapture.class) {
            active = false;
            if (Thread.getDefaultUncaughtExceptionHandler() == this) {
                Thread.setDefaultUncaughtExceptionHandler(previous);
            }
        }
    }

    /** The handler that was the default when this one was installed ({@code null} for none). */
    public Thread.UncaughtExceptionHandler previous() {
        return previous;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable throwable) {
        if (active && capturing.get() == null) {
            capturing.set(Boolean.TRUE);
            try {
                capture.accept(thread, throwable);
            } catch (RuntimeException | StackOverflowError | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "PostHog could not capture an uncaught exception: {0}",
                        e.getClass().getName());
            } finally {
                capturing.remove();
            }
        }
        if (previous != null) {
            previous.uncaughtException(thread, throwable);
        } else {
            // What ThreadGroup.uncaughtException does without a default handler (calling it would loop back here).
            PrintStream err = System.err;
            err.print("Exception in thread \"" + thread.getName() + "\" ");
            throwable.printStackTrace(err);
        }
    }
}
