package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.FlushResult;
import io.github.posthogcommunity.posthog.internal.wire.AttemptResult.Verdict;

import java.util.concurrent.CompletableFuture;

/**
 * One flush call: it covers the events whose sequence is below {@link #target}. The dispatcher registers it on
 * every batch holding such events and completes it when each of those batches has had its outcome.
 * Tallies are written by the dispatcher only; they are volatile so a timed-out caller can read a partial result.
 */
final class FlushRequest {

    final long target;
    final CompletableFuture<FlushResult> future = new CompletableFuture<>();
    private int awaiting;
    private volatile long sent;
    private volatile long dropped;
    private volatile long retrying;

    FlushRequest(long target) {
        this.target = target;
    }

    boolean covers(long sequence) {
        return sequence < target;
    }

    void await() {
        awaiting++;
    }

    void count(Verdict verdict) {
        switch (verdict) {
            case DELIVERED -> sent++;
            case DROPPED -> dropped++;
            case RETRY -> retrying++;
        }
    }

    /** One awaited batch had its outcome. */
    void batchDone() {
        awaiting--;
        completeIfDone();
    }

    void completeIfDone() {
        if (awaiting <= 0) {
            future.complete(result(true));
        }
    }

    FlushResult result(boolean completed) {
        long s = sent;
        long d = dropped;
        long r = retrying;
        return new FlushResult(completed, s + d + r, s, d, r);
    }
}
