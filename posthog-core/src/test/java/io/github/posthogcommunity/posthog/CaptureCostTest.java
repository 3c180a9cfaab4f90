package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.LogCapture;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile or careless input costs the capturing thread: copying the properties has a budget (the event size
 * cap) and fails fast with {@code too_large}; per-event warnings are rate-limited. Each test prints the time spent
 * inside {@code capture()}; the assertions count work done, not time.
 */
class CaptureCostTest {

    /** The fewest serialized bytes of one map entry ({@code "":0,}): the most entries an event can hold. */
    private static final int MOST_ENTRIES = 900 * 1024 / 5;

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;

    /** A map that counts the entries read from it, with entries generated on demand. */
    private static final class CountingMap extends AbstractMap<String, Object> {
        private final int size;
        private final java.util.function.IntFunction<Object> values;
        private final AtomicLong reads;

        CountingMap(int size, java.util.function.IntFunction<Object> values, AtomicLong reads) {
            this.size = size;
            this.values = values;
            this.reads = reads;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            reads.incrementAndGet();
                            int i = next++;
                            return new SimpleImmutableEntry<>("k" + i, values.apply(i));
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }

    /** Loads the classes and the logging a first capture and a first drop need, so that the timings print cost. */
    private static void warmUp(PostHogClient client) {
        client.capture("user", "warm-up", Map.of("a", 1, "b", java.util.List.of("c")));
        client.capture("user", "warm-up", Map.of("a", new byte[2_000_000]));
        client.flush();
        assertThat(client.stats().dropped(DropReason.TOO_LARGE)).isOne();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aDagOfSharedSubMapsIsRefusedAfterBoundedWork() {
        PostHogClient client = rig.start(TestClients.builder(server));
        warmUp(client);
        AtomicLong reads = new AtomicLong();
        Object level = "leaf";
        for (int depth = 0; depth < 24; depth++) {
            Object shared = level;
            level = new CountingMap(2, i -> shared, reads); // two keys, one shared sub-map: 2^24 leaves unfolded
        }
        Map<String, Object> properties = Map.of("dag", level);

        long start = System.nanoTime();
        UUID accepted = client.capture("user", "dag", properties);
        System.out.printf("capture cost: a DAG of depth 24 refused in %d ms after %d entries read%n",
                millisSince(start), reads.get());
        assertThat(accepted).isNull();

        assertThat(client.stats().dropped(DropReason.TOO_LARGE)).isEqualTo(2);
        assertThat(reads.get()).as("entries read before giving up").isLessThanOrEqualTo(MOST_ENTRIES);
    }

    @Test
    void aMapOfTwoMillionEntriesIsRefusedBeforeItIsRead() {
        PostHogClient client = rig.start(TestClients.builder(server));
        warmUp(client);
        AtomicLong reads = new AtomicLong();

        long start = System.nanoTime();
        UUID nested = client.capture("user", "wide", Map.of("wide", new CountingMap(2_000_000, i -> i, reads)));
        UUID top = client.capture("user", "wide-top", new CountingMap(2_000_000, i -> i, reads));
        System.out.printf("capture cost: two 2-million-entry maps refused in %d ms%n", millisSince(start));
        assertThat(nested).isNull();
        assertThat(top).isNull();

        assertThat(client.stats().dropped(DropReason.TOO_LARGE)).isEqualTo(3);
        assertThat(reads.get()).isZero();
    }

    @Test
    void aByteArrayIsSentAsABase64String() {
        PostHogClient client = rig.start(TestClients.builder(server));
        client.capture("user", "bytes", Map.of("digest", new byte[] {1, 2, 3, -1}, "empty", new byte[0]));
        client.flush();

        var properties = server.events().get(0).get("properties");
        assertThat(properties.get("digest").asString()).isEqualTo("AQID/w==");
        assertThat(properties.get("empty").asString()).isEmpty();
    }

    @Test
    void aByteArrayOverTheCapIsRefusedOnTheCallersThread() {
        PostHogClient client = rig.start(TestClients.builder(server));
        warmUp(client);
        byte[] twentyMegabytes = new byte[20 * 1024 * 1024];

        long start = System.nanoTime();
        UUID accepted = client.capture("user", "blob", Map.of("blob", twentyMegabytes));
        System.out.printf("capture cost: a 20 MB byte[] refused in %d ms%n", millisSince(start));
        assertThat(accepted).isNull();

        assertThat(client.stats().dropped(DropReason.TOO_LARGE)).isEqualTo(2);
    }

    @Test
    void anEventJustUnderTheCapIsStillSent() {
        PostHogClient client = rig.start(TestClients.builder(server));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("text", "t".repeat(850_000));
        properties.put("bytes", new byte[30_000]);

        assertThat(client.capture("user", "big", properties)).isNotNull();
        client.flush();

        assertThat(client.stats().sent()).isEqualTo(1);
        assertThat(server.events().get(0).get("properties").get("text").asString()).hasSize(850_000);
    }

    @Test
    void aStormOfBlankDistinctIdsLogsAHandfulOfLinesAndCountsEveryDrop() {
        PostHogClient client = rig.start(TestClients.builder(server));
        try (LogCapture logs = new LogCapture()) {
            long start = System.nanoTime();
            for (int i = 0; i < 50_000; i++) {
                client.capture(" ", "storm");
            }
            long stormMillis = millisSince(start);
            long lines = logs.warningsContaining("distinct id is blank");
            System.out.printf("capture cost: 50000 blank-id captures in %d ms, %d log line(s)%n", stormMillis, lines);

            assertThat(client.stats().dropped(DropReason.INVALID)).isEqualTo(50_000);
            // one line per 10 s window: a handful even if the loop is descheduled for long
            assertThat(lines).isBetween(1L, 5L);
        }
    }
}
