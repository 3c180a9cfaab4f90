package io.github.posthogcommunity.posthog.internal;

import java.util.concurrent.TimeUnit;

/** Joining the SDK's own threads on close, so none outlives it (executors report termination before that). */
public final class Threads {

    private Threads() {
    }

    /** Joins each thread, all together within {@code waitNanos}; keeps the caller's interrupt status. */
    public static void joinAll(Iterable<Thread> threads, long waitNanos) {
        long deadline = System.nanoTime() + Math.max(waitNanos, 0);
        try {
            for (Thread t : threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
