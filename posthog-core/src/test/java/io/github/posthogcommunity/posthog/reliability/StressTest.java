package io.github.posthogcommunity.posthog.reliability;

import io.github.posthogcommunity.posthog.FlushResult;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.ShutdownResult;
import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.TestClients;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 8 producers, 4 threads flushing concurrently, a close() at a random point and random server failures: no deadlock
 * (every wait bounded), the accounting invariant holds exactly, and the server never acknowledges a uuid twice.
 *
 * <p>Runs at the full size (8 x 200 000 events; about 4 to 6 s on two shared cores: the local server is
 * the bottleneck, so most captures take the queue-full fast path). {@code -Dposthog.stress.perProducer=N} and
 * {@code -Dposthog.stress.seed=S} change the size and replay a run (the seed is printed).
 */
class StressTest {

    static final int DEFAULT_PER_PRODUCER = 200_000;
    private static final int PRODUCERS = 8;
    private static final int FLUSHERS = 4;

    private final CaptureServer server = new CaptureServer();
    private PostHogClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.shutdown(Duration.ZERO);
        }
        server.close();
    }

    @Test
    void producersFlushersAndARandomCloseKeepTheBooksExact() throws Exception {
        int perProducer = Integer.getInteger("posthog.stress.perProducer", DEFAULT_PER_PRODUCER);
        long seed = Long.getLong("posthog.stress.seed", System.nanoTime());
        long total = (long) PRODUCERS * perProducer;
        System.out.printf("stress: %d producers x %d events, %d flushers, seed %d%n", PRODUCERS, perProducer,
                FLUSHERS, seed);

        SplittableRandom serverRandom = new SplittableRandom(seed);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong acknowledgedCount = new AtomicLong();
        AtomicLong duplicateAcks = new AtomicLong();
        server.respond(r -> {
            int roll;
            synchronized (serverRandom) {
                roll = serverRandom.nextInt(100);
            }
            if (roll < 75) {
                for (String uuid : r.uuids()) {
                    if (!acknowledged.add(uuid)) {
                        duplicateAcks.incrementAndGet();
                    }
                }
                acknowledgedCount.addAndGet(r.uuids().size());
                return CaptureServer.ok();
            }
            if (roll < 85) {
                return CaptureServer.status(503);
            }
            if (roll < 90) {
                return CaptureServer.status(400);
            }
            if (roll < 95) {
                return CaptureServer.status(500, "1");
            }
            return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        });
        client = TestClients.builder(server).flushAt(100).maxBatchSize(100).maxQueueSize(10_000).maxRetries(2)
                .senderThreads(4).requestTimeout(Duration.ofSeconds(2)).shutdownTimeout(Duration.ofSeconds(20))
                .flushInterval(Duration.ofMillis(50)).build();

        Set<UUID> returned = ConcurrentHashMap.newKeySet(); // accepted events only: at most a few queues' worth
        long closeAfter = (long) (total * (0.2 + new SplittableRandom(seed).nextDouble() * 0.7));
        AtomicLong produced = new AtomicLong();
        AtomicBoolean stopFlushing = new AtomicBoolean();
        AtomicLong longestFlushMillis = new AtomicLong();
        AtomicLong flushes = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + FLUSHERS + 1);
        long start = System.nanoTime();
        ShutdownResult[] closed = new ShutdownResult[1];
        try {
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int id = p;
                producers.add(pool.submit(() -> {
                    go.await();
                    Map<String, Object> props = Map.of("producer", id, "payload", "x".repeat(32));
                    for (int i = 0; i < perProducer; i++) {
                        UUID uuid = client.capture("user-" + id, "stress", props);
                        if (uuid != null) {
                            returned.add(uuid);
                        }
                        produced.incrementAndGet();
                    }
                    return null;
                }));
            }
            List<Future<?>> flushers = new ArrayList<>();
            for (int f = 0; f < FLUSHERS; f++) {
                flushers.add(pool.submit(() -> {
                    go.await();
                    while (!stopFlushing.get()) {
                        long t0 = System.nanoTime();
                        FlushResult result = client.flush(Duration.ofSeconds(30));
                        long took = (System.nanoTime() - t0) / 1_000_000;
                        longestFlushMillis.accumulateAndGet(took, Math::max);
                        flushes.incrementAndGet();
                        assertThat(result).isNotNull();
                        long settled = result.sent() + result.dropped() + result.retrying();
                        if (result.completed()) {
                            assertThat(settled).as("%s", result).isEqualTo(result.events());
                        } else {
                            assertThat(settled).as("%s", result).isLessThanOrEqualTo(result.events());
                        }
                    }
                    return null;
                }));
            }
            Future<?> closer = pool.submit(() -> {
                go.await();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                        .until(() -> produced.get() >= closeAfter);
                closed[0] = client.shutdown(Duration.ofSeconds(20));
                return null;
            });
            go.countDown();
            for (Future<?> f : producers) {
                f.get(150, TimeUnit.SECONDS); // a deadlock fails here, bounded
            }
            closer.get(60, TimeUnit.SECONDS);
            stopFlushing.set(true);
            for (Future<?> f : flushers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stopFlushing.set(true);
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        PostHogStats stats = client.stats();
        System.out.printf("stress: %d ms, close after %d events (%s), %d flushes (longest %d ms), stats %s%n", millis,
                closeAfter, closed[0], flushes.get(), longestFlushMillis.get(), stats);
        assertThat(stats.captured()).isEqualTo(total);
        assertThat(stats.pending()).isZero();
        assertThat(stats.captured()).isEqualTo(stats.sent() + stats.droppedTotal());
        assertThat(duplicateAcks.get()).as("a uuid acknowledged twice").isZero();
        assertThat(acknowledged).hasSize((int) acknowledgedCount.get());
        if (closed[0].withinDeadline()) {
            assertThat(stats.sent()).isEqualTo(acknowledgedCount.get());
        } else {
            assertThat(stats.sent()).isLessThanOrEqualTo(acknowledgedCount.get());
        }
        Set<String> returnedText = ConcurrentHashMap.newKeySet();
        returned.forEach(u -> returnedText.add(u.toString()));
        assertThat(returnedText).containsAll(acknowledged);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(LeakTest.liveThreads("posthog-")).as("SDK threads after close").isEmpty());
    }
}
