package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.DropReport;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import io.github.posthogcommunity.posthog.internal.wire.AttemptResult;

import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Where accepted events end: counted as sent or dropped, their queue permits released, listeners told.
 * Dispatcher thread only. Every accepted event passes through exactly one of these calls exactly once.
 */
final class Settlement {

    private final Counters counters;
    private final Semaphore permits;
    private final Notifier notifier;
    private final DropWarnings warnings = new DropWarnings(System::nanoTime);

    Settlement(Counters counters, Semaphore permits, Notifier notifier) {
        this.counters = counters;
        this.permits = permits;
        this.notifier = notifier;
    }

    void sent(int count) {
        if (count > 0) {
            counters.sent.addAndGet(count);
            permits.release(count);
        }
    }

    void dropped(DropReason reason, int count, int statusCode, String detail) {
        if (count <= 0) {
            return;
        }
        counters.drop(reason, count);
        permits.release(count);
        warnings.dropped(reason, count, detail);
        if (notifier != null) {
            notifier.dropped(new DropReport(reason, count, statusCode, detail));
        }
    }

    /**
     * Tells watched events of an attempted batch their final outcome (counting is done by {@link #sent} and
     * {@link #dropped}): delivered, dropped by the response, or a retry that may not happen ({@code retryDropped}).
     * Events put back for retry hear nothing yet.
     */
    static void tellOutcomes(List<EventRecord> events, AttemptResult result, DropReason retryDropped, String detail) {
        for (int i = 0; i < events.size(); i++) {
            EventRecord event = events.get(i);
            switch (result.verdict(i)) {
                case DELIVERED -> event.settledSent(result.statusCode());
                case DROPPED -> event.settledDropped(result.reason(i), result.statusCode(), detail);
                case RETRY -> {
                    if (retryDropped != null) {
                        event.settledDropped(retryDropped, result.statusCode(), detail);
                    }
                }
            }
        }
    }

    /** Tells watched events that they were dropped (counting is done by {@link #dropped}). */
    static void tellDropped(Iterable<EventRecord> events, DropReason reason, int statusCode, String detail) {
        for (EventRecord event : events) {
            event.settledDropped(reason, statusCode, detail);
        }
    }
}
