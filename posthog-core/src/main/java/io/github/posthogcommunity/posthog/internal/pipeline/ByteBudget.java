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
 * the dispatcher or already on the capturing thread, so that events waiting to be encoded (holding their property
 * trees) do not pile up behind a full budget.
 *
 * <p>Capturing threads read one flag ({@link #refusal()}) that the dispatcher writes only when it flips, kept on a
 * cache line of its own: the counters change with every event, and reading them on every capture would cost each
 * capturing thread a cache miss.
 */
final class ByteBudget {

    private final long limit;
    /** Written by the dispatcher; volatile for the stats and log lines of other threads. */
    private volatile long used;
    /** The running average of encoded sizes (an exponentially weighted mean, 1/8 per event); dispatcher only. */
    private long estimate;
    /** 1 while an event of the estimated size does not fit; written by the dispatcher only when it flips. */
    private final PaddedLong refusal = new PaddedLong(0);

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

    /**
     * The flag capturing threads read ({@code 1}: an event of the estimated size does not fit). Hold it in a field of
     * the capturing side: this object's own fields change with every event.
     */
    PaddedLong refusal() {
        return refusal;
    }

    /** Dispatcher: {@code true} when an event of the estimated size does not fit. */
    boolean exhausted() {
        return used + estimate > limit;
    }

    /** Dispatcher: reserves {@code bytes} (an event's exact encoded size) when they fit. */
    boolean tryReserve(long bytes) {
        estimate += (bytes - estimate) / 8;
        long now = used;
        boolean fits = now + bytes <= limit;
        if (fits) {
            used = now + bytes;
        }
        publish();
        return fits;
    }

    /** Dispatcher: gives back the bytes of settled events. */
    void release(long bytes) {
        if (bytes > 0) {
            used = Math.max(0, used - bytes);
            publish();
        }
    }

    private void publish() {
        long refusing = exhausted() ? 1 : 0;
        if (refusal.getPlain() != refusing) { // the dispatcher is the only writer
            refusal.set(refusing);
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
