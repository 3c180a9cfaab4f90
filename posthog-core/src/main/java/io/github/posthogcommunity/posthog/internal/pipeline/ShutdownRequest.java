package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.ShutdownResult;
import io.github.posthogcommunity.posthog.internal.Durations;

import java.util.Map;

import java.util.concurrent.CompletableFuture;

/** The one shutdown of a pipeline: a hard deadline in {@link System#nanoTime()} terms, and its result. */
final class ShutdownRequest {

    final long startNanos;
    final long deadlineNanos;
    final CompletableFuture<ShutdownResult> future = new CompletableFuture<>();
    long sentAtStart;
    Map<DropReason, Long> droppedAtStart = Map.of();

    /** @param timeoutNanos saturated by the caller ({@link Durations#nanos}), so the deadline never overflows */
    ShutdownRequest(long startNanos, long timeoutNanos) {
        this.startNanos = startNanos;
        this.deadlineNanos = startNanos + Math.min(Durations.MAX_NANOS, Math.max(0, timeoutNanos));
    }

    long nanosPastDeadline() {
        return Math.max(0, System.nanoTime() - deadlineNanos);
    }

    boolean deadlinePassed() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    long nanosLeft() {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }
}
