package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.ShutdownResult;

import java.util.concurrent.CompletableFuture;

/** The one shutdown of a pipeline: a hard deadline in {@link System#nanoTime()} terms, and its result. */
final class ShutdownRequest {

    final long startNanos;
    final long deadlineNanos;
    final CompletableFuture<ShutdownResult> future = new CompletableFuture<>();
    long sentAtStart;
    long droppedAtStart;

    ShutdownRequest(long startNanos, long timeoutNanos) {
        this.startNanos = startNanos;
        this.deadlineNanos = startNanos + Math.max(0, timeoutNanos);
    }

    boolean deadlinePassed() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    long nanosLeft() {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }
}
