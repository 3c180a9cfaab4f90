package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.DropReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The monotonic counters behind {@link io.github.posthogcommunity.posthog.PostHogStats}. Capturing threads touch
 * only {@link LongAdder}s (no contended cache line); the rest is written by the dispatcher.
 */
final class Counters {

    final LongAdder captured = new LongAdder();
    private final LongAdder[] dropped = new LongAdder[DropReason.values().length];
    /** The part of {@link #dropped} that happened on capturing threads, before the hand-off. */
    private final LongAdder[] droppedAtCapture = new LongAdder[DropReason.values().length];
    final AtomicLong sent = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong retriedEvents = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong failedRequests = new AtomicLong();
    final AtomicLong listenerOverflows = new AtomicLong();

    Counters() {
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
            droppedAtCapture[i] = new LongAdder();
        }
    }

    void drop(DropReason reason, long count) {
        dropped[reason.ordinal()].add(count);
    }

    /** A drop on a capturing thread: counted in both totals. */
    void dropAtCapture(DropReason reason) {
        dropped[reason.ordinal()].increment();
        droppedAtCapture[reason.ordinal()].increment();
    }

    long droppedAtCapture(DropReason reason) {
        return droppedAtCapture[reason.ordinal()].sum();
    }

    long dropped(DropReason reason) {
        return dropped[reason.ordinal()].sum();
    }

    long droppedTotal() {
        long total = 0;
        for (LongAdder adder : dropped) {
            total += adder.sum();
        }
        return total;
    }

    Map<DropReason, Long> droppedByReason() {
        Map<DropReason, Long> map = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            map.put(reason, dropped(reason));
        }
        return map;
    }
}
