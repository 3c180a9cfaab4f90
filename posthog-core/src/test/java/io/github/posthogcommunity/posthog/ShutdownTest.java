package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.Gate;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ShutdownTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private final Gate gate = rig.gate;
    private PostHogClient client;



    private static Set<Thread> sdkThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("posthog-") && t.isAlive()).collect(Collectors.toSet());
    }

    @Test
    void closeDrainsEverythingPending() {
        client = rig.start(TestClients.builder(server).flushAt(100));
        for (int i = 0; i < 250; i++) {
            client.capture("u", "e" + i);
        }
        ShutdownResult result = client.shutdown(Duration.ofSeconds(5));
        assertThat(result.withinDeadline()).isTrue();
        assertThat(result.sent()).isEqualTo(250);
        assertThat(server.events()).hasSize(250);
        PostHogStats stats = client.stats();
        assertThat(stats.pending()).isZero();
        assertThat(stats.captured()).isEqualTo(stats.sent() + stats.droppedTotal());
    }

    @Test
    void theDeadlineHoldsAgainstAStalledEndpoint() {
        rig.stallEverything();
        client = rig.start(TestClients.builder(server).requestTimeout(Duration.ofSeconds(20)).flushAt(1));
        client.capture("u", "in-flight");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requestCount() == 1);
        for (int i = 0; i < 10; i++) {
            client.capture("u", "queued" + i);
        }
        long start = System.nanoTime();
        ShutdownResult result = client.shutdown(Duration.ofSeconds(1));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("close() against a stalled endpoint with a 1000 ms deadline took " + tookMillis + " ms");
        // the bound docs/architecture.md promises ("Time bounds tests rely on"): T <= elapsed <= T + 2.5 s
        assertThat(tookMillis).isBetween(1_000L, 3_500L);
        assertThat(result.withinDeadline()).isFalse();
        PostHogStats stats = client.stats();
        assertThat(stats.pending()).isZero();
        assertThat(stats.dropped(DropReason.SHUTDOWN)).isEqualTo(11);
        assertThat(stats.captured()).isEqualTo(stats.sent() + stats.droppedTotal());
    }

    @Test
    void nothingIsSentAfterCloseReturnsAndNoThreadSurvives() {
        Set<Thread> before = sdkThreads();
        client = rig.start(TestClients.builder(server).flushAt(1));
        client.capture("u", "before");
        client.close();
        int requests = server.requestCount();
        assertThat(requests).isEqualTo(1);
        assertThat(client.capture("u", "after")).isNull();
        assertThat(client.flush()).isEqualTo(FlushResult.empty());
        assertThat(client.stats().dropped(DropReason.SHUTDOWN)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Set<Thread> leftover = sdkThreads();
            leftover.removeAll(before);
            assertThat(leftover).isEmpty();
        });
        assertThat(server.requestCount()).isEqualTo(requests);
    }

    @Test
    void closeIsIdempotent() {
        client = rig.start(TestClients.builder(server));
        client.capture("u", "e");
        ShutdownResult first = client.shutdown(Duration.ofSeconds(5));
        long start = System.nanoTime();
        ShutdownResult second = client.shutdown(Duration.ofSeconds(5));
        client.close();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
        assertThat(second).isEqualTo(first);
        assertThat(server.events()).hasSize(1);
    }

    @Test
    void aFlushRacingShutdownAlwaysReturns() throws Exception {
        rig.stallEverything();
        client = rig.start(TestClients.builder(server).requestTimeout(Duration.ofSeconds(20)));
        client.capture("u", "e");
        CompletableFuture<FlushResult> flush = CompletableFuture.supplyAsync(() -> client.flush(Duration.ofSeconds(60)));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requestCount() == 1);
        client.shutdown(Duration.ofMillis(300));
        FlushResult result = flush.get(2, TimeUnit.SECONDS);
        assertThat(result.dropped()).isEqualTo(1);
    }

    @Test
    void aZeroTimeoutDiscardsWithoutSending() {
        client = rig.start(TestClients.builder(server).flushAt(100));
        for (int i = 0; i < 10; i++) {
            client.capture("u", "e" + i);
        }
        ShutdownResult result = client.shutdown(Duration.ZERO);
        assertThat(result.sent()).isZero();
        assertThat(result.dropped()).isEqualTo(10);
        assertThat(server.requestCount()).isZero();
        assertThat(client.stats().dropped(DropReason.SHUTDOWN)).isEqualTo(10);
    }

    @Test
    void shutdownRetriesOnceMoreWithinTheDeadlineInsteadOfWaitingOutTheBackoff() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        server.respond(r -> calls.incrementAndGet() == 1 ? CaptureServer.status(503) : CaptureServer.ok());
        client = rig.start(TestClients.builder(server).flushAt(1));
        client.capture("u", "e");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().failedRequests() == 1);
        ShutdownResult result = client.shutdown(Duration.ofSeconds(5));
        assertThat(result.sent()).isEqualTo(1);
        assertThat(client.stats().sent()).isEqualTo(1);
    }
}
