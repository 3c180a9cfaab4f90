package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.DropReport;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import io.github.posthogcommunity.posthog.internal.wire.AttemptResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Where accepted events end: counted as sent or dropped, their queue permits and budget bytes released, listeners
 * told. Dispatcher thread only. Every accepted event passes through exactly one of these calls exactly once.
 */
final class Settlement {

    private static final int MAX_SHUTDOWN_CAUSES = 8;

    private final Counters counters;
    private final Semaphore permits;
    private final ByteBudget budget;
    private final Notifier notifier;
    private final DropWarnings warnings = new DropWarnings(System::nanoTime);
    /** Events dropped for {@code shutdown} by the dispatcher, by cause; summarised once when the shutdown ends. */
    private final Map<String, Long> shutdownCauses = new LinkedHashMap<>();
    private long shutdownDrops;

    Settlement(Counters counters, Semaphore permits, ByteBudget budget, Notifier notifier) {
        this.counters = counters;
        this.permits = permits;
        this.budget = budget;
        this.notifier = notifier;
    }

    void sent(int count, long bytes) {
        if (count > 0) {
            counters.sent.addAndGet(count);
            budget.release(bytes);
            permits.release(count);
        }
    }

    void dropped(DropReason reason, int count, long bytes, int statusCode, String detail) {
        dropped(reason, count, bytes, statusCode, detail, true);
    }

    /** Like {@link #dropped(DropReason, int, long, int, String)}; {@code log = false} when the caller warns itself. */
    void dropped(DropReason reason, int count, long bytes, int statusCode, String detail, boolean log) {
        if (count <= 0) {
            return;
        }
        counters.drop(reason, count);
        budget.release(bytes);
        permits.release(count);
        if (reason == DropReason.SHUTDOWN) {
            shutdownDrops += count;
            if (shutdownCauses.size() < MAX_SHUTDOWN_CAUSES || shutdownCauses.containsKey(detail)) {
                shutdownCauses.merge(detail, (long) count, Long::sum);
            }
        } else if (log) {
            warnings.dropped(reason, count, detail);
        }
        if (notifier != null) {
            notifier.dropped(new DropReport(reason, count, statusCode, detail));
        }
    }

    /** Events the dispatcher dropped for {@code shutdown} so far. */
    long shutdownDrops() {
        return shutdownDrops;
    }

    /** "n cause; m cause" for the shutdown warning. */
    String shutdownCauses() {
        StringBuilder text = new StringBuilder();
        shutdownCauses.forEach((cause, count) -> {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(count).append(' ').append(cause);
        });
        return text.toString();
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
