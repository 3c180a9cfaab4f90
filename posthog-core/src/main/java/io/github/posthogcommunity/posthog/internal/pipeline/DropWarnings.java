package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.DropReason;

import java.util.function.LongSupplier;

/**
 * The warnings for dropped events. Problems with one event ({@code invalid}, {@code too_large}) get one line each.
 * Batch-level drops ({@code rejected}, {@code retries_exhausted}, {@code drop}, {@code limited}) come in storms during
 * an outage, so each reason logs at most once per {@link #WINDOW_NANOS}; the next line says how many events were
 * dropped for that reason in between. {@code shutdown} drops are summarised by the shutdown itself.
 * Counting and listener reports are not affected. Dispatcher thread only.
 */
final class DropWarnings {

    static final long WINDOW_NANOS = 10_000_000_000L;
    private static final System.Logger LOG = System.getLogger("io.github.posthogcommunity.posthog");

    private final LongSupplier nanoTime;
    private final boolean[] logged = new boolean[DropReason.values().length];
    private final long[] lastLogged = new long[DropReason.values().length];
    private final long[] suppressed = new long[DropReason.values().length];

    DropWarnings(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    void dropped(DropReason reason, int count, String detail) {
        switch (reason) {
            case SHUTDOWN -> {
            }
            case INVALID, TOO_LARGE, QUEUE_FULL, BEFORE_SEND -> log(reason, count, detail, 0);
            default -> {
                int i = reason.ordinal();
                long now = nanoTime.getAsLong();
                if (logged[i] && now - lastLogged[i] < WINDOW_NANOS) {
                    suppressed[i] += count;
                    return;
                }
                log(reason, count, detail, suppressed[i]);
                logged[i] = true;
                lastLogged[i] = now;
                suppressed[i] = 0;
            }
        }
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
