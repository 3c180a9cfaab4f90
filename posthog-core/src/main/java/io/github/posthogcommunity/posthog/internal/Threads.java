package io.github.posthogcommunity.posthog.internal;

import java.util.concurrent.TimeUnit;

/** Joining the SDK's own threads on close, so none outlives it (executors report termination before that). */
public final class Threads {

    private Threads() {
    }

    /**
     * Joins each thread, all together within {@code waitNanos}. An interrupt of the caller does not cut the wait
     * short (closing must still finish its job); the caller's interrupt status is restored on return.
     */
    public static void joinAll(Iterable<Thread> threads, long waitNanos) {
        long deadline = System.nanoTime() + Math.min(Math.max(waitNanos, 0), Durations.MAX_NANOS);
        boolean interrupted = false;
        try {
            for (Thread t : threads) {
                while (t.isAlive()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    try {
                        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
