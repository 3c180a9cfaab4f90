package io.github.posthogcommunity.posthog.internal.event;

import io.github.posthogcommunity.posthog.internal.LoggerNames;
import io.github.posthogcommunity.posthog.CaptureOutcome;
import io.github.posthogcommunity.posthog.DropReason;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Completes the futures of {@code captureImmediate} on a thread of their own, started on first use: the pipeline's
 * dispatcher settles the event, and a caller's dependent stage ({@code thenAccept}, ...) must never run on (and
 * possibly block) the dispatcher. A slow stage delays only later outcomes.
 */
public final class ImmediateOutcomes {

    private static final System.Logger LOG = System.getLogger(LoggerNames.PIPELINE);
    private static final AtomicInteger IDS = new AtomicInteger();

    private ExecutorService executor;
    private boolean stopped;

    /** A watcher that completes {@code future} once, off the settling thread. */
    OutcomeWatcher watcher(CompletableFuture<CaptureOutcome> future) {
        return new OutcomeWatcher() {
            @Override
            public void sent(UUID uuid, int statusCode) {
                complete(future, new CaptureOutcome(CaptureOutcome.Status.SENT, uuid, null, statusCode, null));
            }

            @Override
            public void dropped(UUID uuid, DropReason reason, int statusCode, String detail) {
                complete(future, new CaptureOutcome(CaptureOutcome.Status.DROPPED, uuid, reason, statusCode, detail));
            }
        };
    }

    private void complete(CompletableFuture<CaptureOutcome> future, CaptureOutcome outcome) {
        ExecutorService runner = executor();
        if (runner != null) {
            try {
                runner.execute(() -> future.complete(outcome));
                return;
            } catch (RejectedExecutionException stoppedMeanwhile) {
                // fall through: complete here rather than never
            }
        }
        future.complete(outcome);
    }

    private synchronized ExecutorService executor() {
        if (executor == null && !stopped) {
            String name = "posthog-outcomes-" + IDS.incrementAndGet();
            executor = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, name);
                t.setDaemon(true);
                return t;
            });
        }
        return executor;
    }

    /** After the pipeline has settled everything: runs the completions left, then stops the thread. */
    public void stop(long waitNanos) {
        ExecutorService runner;
        synchronized (this) {
            stopped = true;
            runner = executor;
        }
        if (runner == null) {
            return;
        }
        runner.shutdown();
        try {
            if (!runner.awaitTermination(Math.max(1, waitNanos), TimeUnit.NANOSECONDS)) {
                runner.shutdownNow();
                LOG.log(System.Logger.Level.WARNING, "PostHog captureImmediate callback did not finish in time; "
                        + "interrupted it");
            }
        } catch (InterruptedException e) {
            runner.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
