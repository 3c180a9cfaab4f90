package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.DropReport;

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
}
