package io.github.posthogcommunity.posthog.internal.pipeline;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry delays: exponential from 200 ms, doubling per retry, with "equal jitter" (half fixed, half random), capped
 * at 30 s. The first retry waits 100 to 200 ms. A {@code Retry-After} is a minimum, clamped to the cap.
 */
final class Backoff {

    static final long BASE_NANOS = Duration.ofMillis(200).toNanos();
    static final long CAP_NANOS = Duration.ofSeconds(30).toNanos();

    private Backoff() {
    }

    /**
     * @param retryNumber 1 for the first retry
     * @param retryAfter the server's minimum, or {@code null}
     */
    static long delayNanos(int retryNumber, Duration retryAfter) {
        int shift = Math.min(Math.max(retryNumber - 1, 0), 20);
        long exponential = Math.min(CAP_NANOS, BASE_NANOS << shift);
        long half = exponential / 2;
        long delay = half + ThreadLocalRandom.current().nextLong(half + 1);
        return Math.min(CAP_NANOS, Math.max(delay, floorNanos(retryAfter)));
    }

    /** The server's minimum wait in nanos, clamped to the cap; 0 when none. */
    static long floorNanos(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative()) {
            return 0;
        }
        return retryAfter.compareTo(Duration.ofNanos(CAP_NANOS)) >= 0 ? CAP_NANOS : retryAfter.toNanos();
    }
}
