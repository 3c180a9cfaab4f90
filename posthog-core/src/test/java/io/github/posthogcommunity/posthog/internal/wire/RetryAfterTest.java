package io.github.posthogcommunity.posthog.internal.wire;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void delaySeconds() {
        assertThat(RetryAfter.parse("3", NOW)).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void httpDate() {
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 10:00:07 GMT", NOW)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void absurdValuesAreUnusableOrHuge() {
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).isGreaterThan(Duration.ofDays(365));
        assertThat(RetryAfter.parse("-5", NOW)).isNull();
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("", NOW)).isNull();
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("1.5", NOW)).isNull();
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 09:00:00 GMT", NOW)).as("past date").isNull();
    }
}
