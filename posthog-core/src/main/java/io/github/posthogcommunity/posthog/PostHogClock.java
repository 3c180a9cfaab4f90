package io.github.posthogcommunity.posthog;

import java.time.Instant;

/**
 * The time source of a client: event timestamps, batching intervals and the retry schedule all read it.
 * Production code uses {@link #system()}; tests inject a clock they move by hand.
 */
public interface PostHogClock {

    /** The current wall-clock instant, used to stamp events and requests. */
    Instant now();

    /** A monotonic reading in nanoseconds, used for intervals and deadlines. */
    long nanoTime();

    /**
     * Registers a callback the clock runs after it jumps forward, so the pipeline re-checks its timers at once.
     * Clocks that advance on their own (the system clock) never call it; that is the default.
     *
     * @param onJump run after every jump; must be cheap and must not throw
     */
    default void onJump(Runnable onJump) {
    }

    /** The system clock: {@link Instant#now()} and {@link System#nanoTime()}. */
    static PostHogClock system() {
        return SystemClock.INSTANCE;
    }
}
