package io.github.posthogcommunity.posthog.internal.flags;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between two attempts of a flags request. A seam so tests can record the waits instead of sleeping. */
@FunctionalInterface
public interface RetrySleeper {

    /** Blocks the calling thread for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** Really sleeps. */
    static RetrySleeper system() {
        return duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }
}
