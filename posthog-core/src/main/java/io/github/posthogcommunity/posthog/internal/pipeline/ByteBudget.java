package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.internal.event.EventRecord;

import java.util.Collection;

/**
 * The bound on the bytes of queued events ({@code maxQueueBytes}): the encoded size of every event accepted by the
 * dispatcher and not yet settled (buffered, batched, in flight, awaiting retry).
 *
 * <p>Written by the dispatcher only: it reserves an event's exact encoded size right after encoding and releases
 * it when the event is settled. Before encoding, an event is estimated at the running average of the encoded sizes
 * seen so far: when that estimate does not fit, the event is dropped ({@code queue_full}) without being encoded, on
 * the dispatcher or already on the capturing thread (which only reads the budget), so that events waiting to be
 * encoded (holding their property trees) do not pile up behind a full budget.
 */
final class ByteBudget {

    private final long limit;
    private volatile long used;
    /** The running average of encoded sizes (an exponentially weighted mean, 1/8 per event). */
    private volatile long estimate;

    ByteBudget(long limit) {
        this.limit = limit;
    }

    static long bytesOf(Collection<EventRecord> events) {
        long total = 0;
        for (EventRecord event : events) {
            byte[] encoded = event.encoded();
            total += encoded == null ? 0 : encoded.length;
        }
        return total;
    }

    /** Any thread: {@code true} when an event of the estimated size does not fit. Two volatile reads. */
    boolean exhausted() {
        return used + estimate > limit;
    }

    /** Dispatcher: reserves {@code bytes} (an event's exact encoded size) when they fit. */
    boolean tryReserve(long bytes) {
        long average = estimate;
        estimate = average + (bytes - average) / 8;
        long now = used;
        if (now + bytes > limit) {
            return false;
        }
        used = now + bytes;
        return true;
    }

    /** Dispatcher: gives back the bytes of settled events. */
    void release(long bytes) {
        if (bytes > 0) {
            used = Math.max(0, used - bytes);
        }
    }

    /** {@code true} when at least three quarters of the budget are in use: batches are cut without waiting. */
    boolean nearlyFull() {
        return used >= limit - limit / 4;
    }

    long used() {
        return used;
    }

    long limit() {
        return limit;
    }
}
