package io.github.posthogcommunity.posthog.reliability;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ManualClock;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the endpoint down, two million captures keep the pipeline's retained heap bounded by {@code maxQueueSize}:
 * the retained size after one million captures equals the size after two million, and stays under a per-event
 * budget. Prints the measured bytes per queued event.
 */
class MemoryBoundTest {

    private static final int QUEUE = 20_000;
    /** Generous: a queued event of this test serializes to about 250 bytes. */
    private static final long BUDGET_PER_EVENT = 2_048;
    /** Client threads, the JDK HTTP client, the ring array and measurement noise. */
    private static final long FIXED_SLACK = 8L * 1024 * 1024;

    private static long retainedHeap() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    @Test
    void twoMillionCapturesAgainstADeadEndpointRetainAtMostTheQueueBound() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ManualClock clock = new ManualClock(); // frozen: failed batches wait for their retry forever
        long before = retainedHeap();
        PostHogClient client = PostHogClient.builder(TestClients.API_KEY).host("http://127.0.0.1:" + closedPort)
                .clock(clock).maxQueueSize(QUEUE).flushAt(100).maxBatchSize(100).maxRetries(1_000)
                .flushInterval(Duration.ofHours(1)).requestTimeout(Duration.ofSeconds(2)).build();
        try {
            long start = System.nanoTime();
            long[] retainedAt = new long[2];
            for (int half = 0; half < 2; half++) {
                for (int i = 0; i < 1_000_000; i++) {
                    client.capture("user-" + (i & 1023), "memory", Map.of("i", i, "text", "abcdefghijklmnopqrstuvwxyz"));
                }
                // let the dispatcher drain the ring and every batch fail once (they then wait on the frozen clock)
                await().atMost(Duration.ofSeconds(60)).until(() -> client.stats().failedRequests() >= QUEUE / 100);
                retainedAt[half] = retainedHeap() - before;
            }
            long captureMillis = (System.nanoTime() - start) / 1_000_000;
            PostHogStats stats = client.stats();
            assertThat(stats.captured()).isEqualTo(2_000_000);
            assertThat(stats.pending()).isEqualTo(QUEUE);
            assertThat(stats.dropped(DropReason.QUEUE_FULL)).isEqualTo(2_000_000 - QUEUE);
            assertThat(Math.abs(retainedAt[1] - retainedAt[0])).as("growth between 1M and 2M captures")
                    .isLessThan(2L * 1024 * 1024);
            client.shutdown(Duration.ZERO);
            // measured against the heap after shutdown, not only the early baseline: earlier tests in the same JVM
            // may leave garbage that the baseline counts and a later collection frees
            long afterShutdown = retainedHeap() - before;
            long queued = retainedAt[1] - afterShutdown;
            System.out.printf("memory: retained %d bytes after 1M captures, %d after 2M, %d after shutdown"
                    + " (vs the baseline); %d queued events hold %d bytes: %d bytes per queued event;"
                    + " 2M captures in %d ms%n", retainedAt[0], retainedAt[1], afterShutdown, QUEUE, queued,
                    queued / QUEUE, captureMillis);
            assertThat(queued).as("the measurement sees the queued events").isGreaterThan(QUEUE * 100L);
            assertThat(queued).isLessThan(QUEUE * BUDGET_PER_EVENT);
            assertThat(afterShutdown).isLessThan(FIXED_SLACK);
        } finally {
            client.shutdown(Duration.ZERO);
        }
    }

    @Test
    void oneOutsizedEventLeavesNoLargeBufferBehind() throws Exception {
        try (CaptureServer server = new CaptureServer()) {
            PostHogClient client = TestClients.builder(server).build();
            try {
                client.capture("user", "warm-up", Map.of("i", 1));
                client.flush(Duration.ofSeconds(30));
                long before = retainedHeap();

                client.capture("user", "forty-megabytes", Map.of("blob", "x".repeat(40 * 1024 * 1024)));
                // under the cap in characters, 4.8 MB once every character is escaped as \u0001
                client.capture("user", "escaped", Map.of("blob", "\u0001".repeat(800_000)));
                client.flush(Duration.ofSeconds(30));

                long retained = retainedHeap() - before;
                System.out.printf("memory: %d bytes retained after two outsized events%n", retained);
                assertThat(client.stats().dropped(DropReason.TOO_LARGE)).isEqualTo(2);
                assertThat(retained).as("heap retained after two dropped outsized events")
                        .isLessThan(2L * 1024 * 1024);
            } finally {
                client.shutdown(Duration.ZERO);
            }
        }
    }
}
