package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

class EventRingTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 1_000, 10_000, 16_384, 16_385})
    void capacityIsAPowerOfTwoAtLeastTheRequestedSize(int requested) {
        EventRing ring = new EventRing(requested);
        assertThat(Integer.bitCount(ring.capacity())).as("a power of two").isOne();
        assertThat(ring.capacity()).isGreaterThanOrEqualTo(requested);
        // as many events as requested fit without the consumer: none overwrites another
        for (int i = 0; i < requested; i++) {
            ring.publish(record(i));
        }
        for (int i = 0; i < requested; i++) {
            assertThat(ring.poll().sequence()).isEqualTo(i);
        }
        assertThat(ring.poll()).isNull();
    }

    @Test
    void manyProducersOneConsumerSeeEveryEventOnceInClaimOrder() throws Exception {
        int capacity = 64;
        EventRing ring = new EventRing(capacity);
        Semaphore permits = new Semaphore(capacity);
        int producers = 4;
        int each = 50_000;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    permits.acquireUninterruptibly();
                    ring.publish(record(i));
                }
            });
            threads.add(t);
            t.start();
        }
        long expected = 0;
        long total = (long) producers * each;
        while (expected < total) {
            EventRecord e = ring.poll();
            if (e == null) {
                Thread.onSpinWait();
                continue;
            }
            assertThat(e.sequence()).isEqualTo(expected++);
            permits.release(); // the event is settled: its slot may be reused
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(ring.claimed()).isEqualTo(total);
    }

    private static EventRecord record(int i) {
        return new EventRecord("e" + i, "u", UUID.randomUUID(), Instant.EPOCH, Map.of(), 0);
    }
}
