package io.github.posthogcommunity.posthog.internal.exceptions;

import io.github.posthogcommunity.posthog.internal.LoggerNames;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A fixed-window limit per exception class: at most {@code maxPerType} acquisitions per window for each class
 * name. Refusals are counted; the first refusal of a class in a window is logged. At most {@link #MAX_TYPES} classes
 * are tracked; beyond that (after expired windows are purged) the extra classes share one window.
 */
public final class ExceptionRateLimiter {

    private static final System.Logger LOG = System.getLogger(LoggerNames.EXCEPTIONS);
    static final int MAX_TYPES = 1000;
    private static final String OVERFLOW = "<other exception types>";

    private final String label;
    private final int maxPerType;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param label names the capture in the log line of a refusal, e.g. {@code "PostHog logging"}
     * @param maxPerType at most this many per class and window; 0 refuses every one
     * @param window the length of a window, positive
     */
    public ExceptionRateLimiter(String label, int maxPerType, Duration window, LongSupplier nanoTime) {
        this.label = label;
        this.maxPerType = maxPerType;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** {@code true} when an exception of this class may be captured now. */
    public boolean tryAcquire(String type) {
        long now = nanoTime.getAsLong();
        String key = type;
        if (!windows.containsKey(key) && windows.size() >= MAX_TYPES) {
            windows.values().removeIf(w -> w.expired(now, windowNanos));
            if (windows.size() >= MAX_TYPES) {
                key = OVERFLOW;
            }
        }
        Window window = windows.computeIfAbsent(key, k -> new Window(now));
        int outcome = window.acquire(now, windowNanos, maxPerType);
        if (outcome > 0) {
            return true;
        }
        refused.incrementAndGet();
        if (outcome < 0) {
            LOG.log(System.Logger.Level.WARNING, "{0}: more than {1} {2} within {3}; "
                    + "further ones are not captured until the window ends (counted)", label, maxPerType, key,
                    Duration.ofNanos(windowNanos));
        }
        return false;
    }

    /** Exceptions not captured because of the limit, since start. */
    public long refused() {
        return refused.get();
    }

    private static final class Window {
        private long start;
        private int count;
        private boolean logged;

        Window(long start) {
            this.start = start;
        }

        /** 1 acquired, 0 refused, -1 refused for the first time in this window. */
        synchronized int acquire(long now, long windowNanos, int max) {
            if (now - start >= windowNanos) {
                start = now;
                count = 0;
                logged = false;
            }
            if (count < max) {
                count++;
                return 1;
            }
            if (!logged) {
                logged = true;
                return -1;
            }
            return 0;
        }

        synchronized boolean expired(long now, long windowNanos) {
            return now - start >= windowNanos;
        }
    }
}
