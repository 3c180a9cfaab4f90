package io.github.posthogcommunity.posthog.internal.flags;

import io.github.posthogcommunity.posthog.CaptureOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class FlagCalledTrackerTest {

    @Test
    void remembersCombinationsAndIgnoresGroupOrder() {
        FlagCalledTracker tracker = new FlagCalledTracker(10);
        assertThat(tracker.firstTime("u", "f", true, Map.of("a", "1", "b", "2"))).isTrue();
        assertThat(tracker.firstTime("u", "f", true, Map.of("b", "2", "a", "1"))).isFalse();
        assertThat(tracker.firstTime("u", "f", false, Map.of("a", "1", "b", "2"))).isTrue();
        assertThat(tracker.firstTime("u", "f", "true", Map.of("a", "1", "b", "2"))).isTrue();
        assertThat(tracker.firstTime("u", "f", true, Map.of())).isTrue();
        assertThat(tracker.firstTime("u", "f", true, null)).isFalse();
        assertThat(tracker.firstTime("v", "f", true, null)).isTrue();
        assertThat(tracker.firstTime("u", "g", true, null)).isTrue();
        assertThat(tracker.firstTime("u", "g", null, null)).isTrue();
        assertThat(tracker.firstTime("u", "g", null, null)).isFalse();
    }

    @Test
    void evictsTheLeastRecentlySeenEntryAndNeverWipes() {
        FlagCalledTracker tracker = new FlagCalledTracker(3);
        tracker.firstTime("u1", "f", true, null);
        tracker.firstTime("u2", "f", true, null);
        tracker.firstTime("u3", "f", true, null);
        assertThat(tracker.firstTime("u1", "f", true, null)).isFalse(); // u1 is now the most recent
        assertThat(tracker.firstTime("u4", "f", true, null)).isTrue();  // evicts u2 only
        assertThat(tracker.size()).isEqualTo(3);
        assertThat(tracker.firstTime("u1", "f", true, null)).isFalse();
        assertThat(tracker.firstTime("u3", "f", true, null)).isFalse();
        assertThat(tracker.firstTime("u2", "f", true, null)).isTrue();
    }

    @Test
    void checkAndAddIsAtomicAcrossThreads() throws Exception {
        FlagCalledTracker tracker = new FlagCalledTracker(1000);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger firsts = new AtomicInteger();
                List<Future<?>> futures = new ArrayList<>();
                String user = "u" + round;
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        if (tracker.firstTime(user, "f", true, null)) {
                            firsts.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get(10, TimeUnit.SECONDS);
                }
                assertThat(firsts.get()).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shutdownClearsTheCacheAndStopsEvents() {
        List<Map<String, Object>> sent = new ArrayList<>();
        FlagCalledEvents events = new FlagCalledEvents((id, props, options) -> sent.add(props), 100);
        FlagsResponse response = new FlagsResponse(Map.of(), null, null, false, false, false, null);
        EvaluatedFlag flag = new EvaluatedFlag("f", true, null, null, null, null, null, null);
        events.flagCalled("u", Map.of(), null, "f", flag, response);
        events.flagCalled("u", Map.of(), null, "f", flag, response);
        assertThat(sent).hasSize(1);
        assertThat(events.remembered()).isEqualTo(1);
        events.shutdown();
        assertThat(events.remembered()).isZero();
        events.flagCalled("u", Map.of(), null, "g", flag, response);
        assertThat(sent).hasSize(1);
    }

    @Test
    void theEventGoesThroughCaptureWithGroupsAndGeoip() {
        List<CaptureOptions> options = new ArrayList<>();
        FlagCalledEvents events = new FlagCalledEvents((id, props, opts) -> options.add(opts), 100);
        FlagsResponse response = new FlagsResponse(Map.of(), null, null, false, false, false, null);
        events.flagCalled("u", Map.of("company", "acme"), true, "f", null, response);
        assertThat(options.get(0).groups()).isEqualTo(Map.of("company", "acme"));
        assertThat(options.get(0).disableGeoip()).isTrue();
    }
}
