package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.TestClients;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AccountingTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private PostHogClient client;


    @Test
    void everyEventEndsAsSentDroppedOrPendingUnderConcurrencyAndRandomFailures() throws Exception {
        Random random = new Random(42);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong acknowledgedCount = new AtomicLong();
        server.respond(r -> {
            int roll;
            synchronized (random) {
                roll = random.nextInt(100);
            }
            if (roll < 60) {
                acknowledged.addAll(r.uuids());
                acknowledgedCount.addAndGet(r.uuids().size());
                return CaptureServer.ok();
            }
            if (roll < 75) {
                return CaptureServer.status(503);
            }
            if (roll < 85) {
                return CaptureServer.status(400);
            }
            return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        });
        client = rig.start(TestClients.builder(server).flushAt(50).maxBatchSize(50).maxQueueSize(2_000).maxRetries(2)
                .senderThreads(4).requestTimeout(Duration.ofSeconds(5)));

        int producers = 4;
        int perProducer = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        List<Future<?>> futures = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perProducer; i++) {
                    client.capture("user-" + id, "e", java.util.Map.of("i", i));
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.stats().pending() > 0 && System.nanoTime() < deadline) {
            client.flush(); // each flush drives due and backing-off retries once
        }
        PostHogStats stats = client.stats();
        assertThat(stats.pending()).isZero();
        assertThat(stats.captured()).isEqualTo((long) producers * perProducer);
        assertThat(stats.captured()).isEqualTo(stats.sent() + stats.droppedTotal() + stats.pending());
        assertThat(stats.sent()).isEqualTo(acknowledgedCount.get());
        assertThat(acknowledged).hasSize((int) acknowledgedCount.get()); // no uuid acknowledged twice
        assertThat(stats.dropped(DropReason.REJECTED)).isPositive();
        assertThat(stats.dropped(DropReason.RETRIES_EXHAUSTED) + stats.dropped(DropReason.QUEUE_FULL)).isPositive();

        client.shutdown(Duration.ofSeconds(5));
        PostHogStats after = client.stats();
        assertThat(after.pending()).isZero();
        assertThat(after.captured()).isEqualTo(after.sent() + after.droppedTotal());
    }
}
