package io.github.posthogcommunity.posthog.internal.pipeline;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private static final long MS = 1_000_000L;

    @RepeatedTest(20)
    void growsExponentiallyWithJitterFromAtLeast100Ms() {
        for (int retry = 1; retry <= 12; retry++) {
            long exponential = Math.min(30_000 * MS, 200 * MS << (retry - 1));
            long delay = Backoff.delayNanos(retry, null);
            assertThat(delay).as("retry %d", retry).isBetween(exponential / 2, exponential);
        }
        assertThat(Backoff.delayNanos(1, null)).isGreaterThanOrEqualTo(100 * MS);
    }

    @Test
    void isCappedAt30Seconds() {
        assertThat(Backoff.delayNanos(40, null)).isLessThanOrEqualTo(30_000 * MS);
        assertThat(Backoff.delayNanos(Integer.MAX_VALUE, null)).isLessThanOrEqualTo(30_000 * MS);
    }

    @Test
    void retryAfterIsAMinimumClampedToTheCap() {
        assertThat(Backoff.delayNanos(1, Duration.ofSeconds(3))).isEqualTo(3_000 * MS);
        assertThat(Backoff.delayNanos(1, Duration.ofDays(400))).isEqualTo(30_000 * MS);
        assertThat(Backoff.delayNanos(1, Duration.ofSeconds(-5))).isBetween(100 * MS, 200 * MS);
        assertThat(Backoff.delayNanos(1, Duration.ZERO)).isBetween(100 * MS, 200 * MS);
    }
}
