package io.github.posthogcommunity.posthog.internal;

import java.time.Duration;

/**
 * Duration arithmetic that never overflows: a huge duration ({@code ChronoUnit.FOREVER}, a 1 000-year timeout)
 * means "as long as it takes", never an {@link ArithmeticException}.
 */
public final class Durations {

    /**
     * The longest wait the SDK computes with, about 73 years: small enough that {@code System.nanoTime() + it}
     * and differences of such deadlines never overflow.
     */
    public static final long MAX_NANOS = Long.MAX_VALUE / 4;

    private Durations() {
    }

    /** {@code duration} in nanoseconds, saturated to {@code [0, MAX_NANOS]}; {@code null} and negatives are 0. */
    public static long nanos(Duration duration) {
        if (duration == null || duration.isNegative()) {
            return 0;
        }
        if (duration.getSeconds() >= MAX_NANOS / 1_000_000_000L) {
            return MAX_NANOS;
        }
        return Math.min(MAX_NANOS, duration.toNanos());
    }

    /** {@code a + b} for non-negative nanosecond amounts, saturated to {@link #MAX_NANOS}. */
    public static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 || sum > MAX_NANOS ? MAX_NANOS : sum;
    }
}
