package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.Gate;
import io.github.posthogcommunity.posthog.support.ManualClock;
import io.github.posthogcommunity.posthog.support.TestClients;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FlushTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private final ManualClock clock = rig.clock;
    private final Gate first = rig.gate;
    private final Gate second = rig.newGate();
    private PostHogClient client;


    @Test
    void flushOfAnEmptyClientSendsNothing() {
        client = rig.start(TestClients.builder(server).clock(clock));
        FlushResult result = client.flush();
        assertThat(result).isEqualTo(FlushResult.empty());
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void flushIgnoresThresholdsAndReportsWhatItSent() {
        client = rig.start(TestClients.builder(server).clock(clock).flushAt(100));
        client.capture("u", "a");
        client.capture("u", "b");
        FlushResult result = client.flush();
        assertThat(result).isEqualTo(new FlushResult(true, 2, 2, 0, 0));
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(client.flush()).isEqualTo(FlushResult.empty());
    }

    @Test
    void aFlushWaitsForEarlierEventsOnlyNeverForLaterOnes() throws Exception {
        server.respond(r -> {
            String name = r.events().get(0).get("event").asString();
            (name.equals("early") ? first : second).hold();
            return CaptureServer.ok();
        });
        client = rig.start(TestClients.builder(server).clock(clock).senderThreads(2));
        client.capture("u", "early");
        CompletableFuture<FlushResult> earlyFlush = client.flushAsync();
        server.take(Duration.ofSeconds(5));
        client.capture("u", "late");
        CompletableFuture<FlushResult> lateFlush = client.flushAsync();
        server.take(Duration.ofSeconds(5));

        first.open();
        FlushResult early = earlyFlush.get(5, TimeUnit.SECONDS);
        assertThat(early).isEqualTo(new FlushResult(true, 1, 1, 0, 0));
        assertThat(lateFlush).isNotDone(); // "late" is still held by the server

        second.open();
        FlushResult late = lateFlush.get(5, TimeUnit.SECONDS);
        assertThat(late).isEqualTo(new FlushResult(true, 2, 2, 0, 0));
    }

    @Test
    void concurrentFlushesAreEachExactForTheirOwnEvents() throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        server.respond(r -> {
            received.addAll(r.uuids());
            return CaptureServer.ok();
        });
        client = rig.start(TestClients.builder(server).flushAt(20).senderThreads(3));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        UUID uuid = client.capture("u", "e");
                        FlushResult result = client.flush();
                        assertThat(result.completed()).isTrue();
                        assertThat(received).contains(uuid.toString());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.stats().sent()).isEqualTo(240);
    }

    @Test
    void flushWithTheEndpointDownReturnsWithinTheRequestTimeout() {
        server.respond(r -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        client = rig.start(TestClients.builder(server).clock(clock).requestTimeout(Duration.ofMillis(500)));
        client.capture("u", "e");
        long start = System.nanoTime();
        FlushResult result = client.flush();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(result.completed()).isTrue();
        assertThat(result.retrying()).isEqualTo(1);
        assertThat(tookMillis).isLessThan(2_000);
        assertThat(client.stats().pending()).isEqualTo(1);
    }

    @Test
    void aFlushWithATimeoutReportsPartialProgress() {
        server.respond(r -> {
            if (r.events().get(0).get("event").asString().equals("held")) {
                first.hold();
            }
            return CaptureServer.ok();
        });
        client = rig.start(TestClients.builder(server).clock(clock).maxBatchSize(1));
        client.capture("u", "quick");
        client.capture("u", "held");
        // the flush waits for both; "quick" is delivered at once, "held" is still in flight at the timeout
        FlushResult result = client.flush(Duration.ofSeconds(2));
        assertThat(result.completed()).isFalse();
        assertThat(result.sent()).as("the delivered half of the flush").isEqualTo(1);
        assertThat(result.dropped()).isZero();
        assertThat(result.retrying()).isZero();
        first.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().sent() == 2);
    }
}
