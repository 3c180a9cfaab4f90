package io.github.posthogcommunity.posthog;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a client's delivery counters and sender gauges. Counters only grow. At every quiescent point
 * {@code captured == sent + droppedTotal() + pending}, and {@code pending == 0} after close.
 *
 * @param captured events handed to the client (accepted or dropped at once)
 * @param sent events the server accepted
 * @param dropped events dropped, by reason
 * @param pending events accepted and not yet finished: queued, batched, in flight or awaiting retry
 * @param queueCapacity the bound on {@code pending}
 * @param retries retry attempts made (a batch sent three times counts two)
 * @param retriedEvents events re-sent by those retries (an event sent three times counts two)
 * @param requests HTTP attempts made
 * @param failedRequests HTTP attempts that did not deliver every event
 * @param listenerOverflows delivery notifications discarded because the listener fell behind
 * @param senderLimit how many HTTP requests may run at once now: adaptive, from {@code senderThreads} up to
 *                    {@code maxSenderThreads} per lane (a gauge, not a counter; the lanes' values added up)
 * @param sendersInFlight HTTP requests running now, at most {@code senderLimit} (a gauge)
 */
public record PostHogStats(long captured, long sent, Map<DropReason, Long> dropped, long pending,
                           long queueCapacity, long retries, long retriedEvents, long requests, long failedRequests,
                           long listenerOverflows, int senderLimit, int sendersInFlight) {

    /** Copies {@code dropped} into an unmodifiable map holding every reason (zero when none). */
    public PostHogStats {
        EnumMap<DropReason, Long> all = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            Long value = dropped == null ? null : dropped.get(reason);
            all.put(reason, value == null ? 0L : value);
        }
        dropped = Collections.unmodifiableMap(all);
    }

    /** Events dropped for this reason. */
    public long dropped(DropReason reason) {
        return dropped.get(reason);
    }

    /** Events dropped for any reason. */
    public long droppedTotal() {
        long total = 0;
        for (long value : dropped.values()) {
            total += value;
        }
        return total;
    }
}
