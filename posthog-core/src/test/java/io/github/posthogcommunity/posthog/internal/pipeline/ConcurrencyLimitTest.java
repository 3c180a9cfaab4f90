package io.github.posthogcommunity.posthog.internal.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The control law alone: slow start, additive increase, one halving per episode, the bounds, and growth only while
 * attempts wait on the server.
 */
class ConcurrencyLimitTest {

    @Test
    void startsAtTheFloorAndDoublesPerRoundTripUnderBacklog() {
        ConcurrencyLimit limit = new ConcurrencyLimit(4, 32);
        assertThat(limit.current()).isEqualTo(4);
        assertThat(limit.published()).isEqualTo(4);
        for (int expected : new int[] {8, 16, 32}) {
            int round = limit.current();
            for (int i = 0; i < round; i++) {
                limit.succeeded(true, true);
            }
            assertThat(limit.current()).isEqualTo(expected);
            assertThat(limit.published()).isEqualTo(expected);
        }
    }

    @Test
    void neverGrowsPastTheMaximum() {
        ConcurrencyLimit limit = new ConcurrencyLimit(2, 5);
        for (int i = 0; i < 1000; i++) {
            limit.succeeded(true, true);
        }
        assertThat(limit.current()).isEqualTo(5);
    }

    @Test
    void doesNotGrowWithoutBacklog() {
        ConcurrencyLimit limit = new ConcurrencyLimit(4, 32);
        for (int i = 0; i < 100; i++) {
            assertThat(limit.succeeded(false, true)).isFalse();
        }
        assertThat(limit.current()).isEqualTo(4);
    }

    @Test
    void halvesOncePerEpisodeThenGrowsAdditively() {
        ConcurrencyLimit limit = new ConcurrencyLimit(4, 64);
        for (int i = 0; i < 28; i++) {
            limit.succeeded(true, true); // 4 -> 32
        }
        assertThat(limit.current()).isEqualTo(32);
        // attempts 1..40 were started; all of them fail (one outage): the limit halves once
        assertThat(limit.congested(33, 40)).isTrue();
        for (long attempt = 1; attempt <= 40; attempt++) {
            assertThat(limit.congested(attempt, 40)).isFalse();
        }
        assertThat(limit.current()).isEqualTo(16);
        // past the threshold: about one more per round trip of 16 successes
        for (int i = 0; i < 16; i++) {
            limit.succeeded(true, true);
        }
        assertThat(limit.current()).isEqualTo(16);
        limit.succeeded(true, true);
        assertThat(limit.current()).isEqualTo(17);
        // an attempt started after the decrease opens a new episode
        assertThat(limit.congested(41, 60)).isTrue();
        assertThat(limit.current()).isEqualTo(8);
    }

    @Test
    void neverShrinksBelowTheFloor() {
        ConcurrencyLimit limit = new ConcurrencyLimit(4, 32);
        for (long attempt = 1; attempt <= 100; attempt++) {
            limit.congested(attempt, attempt);
            assertThat(limit.current()).isEqualTo(4);
        }
        // and slow start is over: growth from the floor is additive
        for (int i = 0; i < 4; i++) {
            limit.succeeded(true, true);
        }
        assertThat(limit.current()).isEqualTo(4);
        limit.succeeded(true, true);
        assertThat(limit.current()).isEqualTo(5);
    }

    @Test
    void aFixedLimitWhenFloorEqualsMaximum() {
        ConcurrencyLimit limit = new ConcurrencyLimit(3, 3);
        limit.succeeded(true, true);
        limit.congested(1, 1);
        assertThat(limit.current()).isEqualTo(3);
        assertThatThrownBy(() -> new ConcurrencyLimit(4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConcurrencyLimit(0, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void attemptsBoundByBuildingTheirRequestsDoNotGrowIt() {
        ConcurrencyLimit limit = new ConcurrencyLimit(4, 32);
        for (int i = 0; i < 100; i++) {
            assertThat(limit.succeeded(true, false)).isFalse();
        }
        assertThat(limit.current()).isEqualTo(4);
    }

    @Test
    void anOccasionalSlowExchangeAmongBuildBoundAttemptsDoesNotGrowIt() {
        ConcurrencyLimit limit = new ConcurrencyLimit(4, 32);
        for (int i = 0; i < 1000; i++) {
            limit.succeeded(true, i % 10 == 9); // one exchange in ten was descheduled long enough to look slow
        }
        assertThat(limit.current()).isEqualTo(4);
    }

    @Test
    void growsOnceMostAttemptsWaitOnTheServerAgain() {
        ConcurrencyLimit limit = new ConcurrencyLimit(4, 32);
        for (int i = 0; i < 50; i++) {
            limit.succeeded(true, false);
        }
        int waited = 0;
        while (limit.current() == 4) {
            limit.succeeded(true, true);
            waited++;
            assertThat(waited).isLessThan(10);
        }
        assertThat(waited).isGreaterThan(1); // one such attempt is not enough to outweigh fifty that were not
        assertThat(limit.current()).isEqualTo(5);
    }
}
