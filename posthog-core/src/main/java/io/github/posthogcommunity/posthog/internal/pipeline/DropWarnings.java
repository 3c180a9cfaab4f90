package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.internal.LoggerNames;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The warnings for dropped events. On the dispatcher ({@link #dropped}), problems with one event ({@code invalid},
 * {@code too_large}) get one line each. Batch-level drops ({@code rejected}, {@code retries_exhausted}, {@code drop},
 * {@code limited}) come in storms during an outage, so each reason logs at most once per {@link #WINDOW_NANOS}; the
 * next line says how many events were dropped for that reason in between. {@code shutdown} drops are summarised by
 * the shutdown itself. Drops on the capturing threads ({@link #limited}: a blank distinct id, properties over the
 * size cap, a throwing before-send hook) can come in storms too (one bad call site in a request loop), and writing a
 * log line per call would multiply the caller's cost: they use the same once-per-window limit, for every reason.
 * Counting and listener reports are not affected. Thread-safe.
 */
public final class DropWarnings {

    static final long WINDOW_NANOS = 10_000_000_000L;
    private static final System.Logger LOG = System.getLogger(LoggerNames.PIPELINE);

    private final LongSupplier nanoTime;
    private final AtomicLongArray lastLogged = new AtomicLongArray(DropReason.values().length);
    private final AtomicLongArray suppressed = new AtomicLongArray(DropReason.values().length);

    /** @param nanoTime the clock of the windows */
    public DropWarnings(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        long longAgo = nanoTime.getAsLong() - WINDOW_NANOS;
        for (int i = 0; i < lastLogged.length(); i++) {
            lastLogged.set(i, longAgo);
        }
    }

    void dropped(DropReason reason, int count, String detail) {
        switch (reason) {
            case SHUTDOWN -> {
            }
            case INVALID, TOO_LARGE, QUEUE_FULL, BEFORE_SEND -> log(reason, count, detail, 0);
            default -> limited(reason, count, detail);
        }
    }

    /**
     * Logs the drop unless a line for this reason was written less than {@link #WINDOW_NANOS} ago; a suppressed
     * drop is added to the count the next line reports.
     */
    public void limited(DropReason reason, int count, String detail) {
        int i = reason.ordinal();
        long now = nanoTime.getAsLong();
        long last = lastLogged.get(i);
        if (now - last < WINDOW_NANOS || !lastLogged.compareAndSet(i, last, now)) {
            suppressed.addAndGet(i, count);
            return;
        }
        log(reason, count, detail, suppressed.getAndSet(i, 0));
    }

    private static void log(DropReason reason, int count, String detail, long before) {
        if (before == 0) {
            LOG.log(System.Logger.Level.WARNING, "PostHog dropped {0} event(s) ({1}): {2}", count, reason.wireName(),
                    detail);
        } else {
            LOG.log(System.Logger.Level.WARNING, "PostHog dropped {0} event(s) ({1}): {2}; {3} more event(s) were "
                    + "dropped for this reason since the previous warning", count, reason.wireName(), detail,
                    Long.toString(before));
        }
    }
}
