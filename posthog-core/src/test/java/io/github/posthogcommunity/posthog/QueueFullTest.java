package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.Gate;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class QueueFullTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private final Gate gate = rig.gate;
    private PostHogClient client;

    @Test
    void aCaptureThatFindsTheQueueFullCopiesNothingAndRunsNoHook() throws Exception {
        rig.stallEverything();
        AtomicInteger hookCalls = new AtomicInteger();
        AtomicInteger printed = new AtomicInteger();
        Object counted = new Object() {
            @Override
            public String toString() {
                printed.incrementAndGet();
                return "value";
            }
        };
        client = rig.start(TestClients.builder(server).maxQueueSize(2).flushAt(1).senderThreads(1)
                .beforeSend(event -> {
                    hookCalls.incrementAndGet();
                    return event;
                }));
        assertThat(client.capture("u", "a", Map.of("v", counted))).isNotNull();
        assertThat(client.capture("u", "b", Map.of("v", counted))).isNotNull();
        assertThat(hookCalls).hasValue(2);
        assertThat(printed).hasValue(2);

        assertThat(client.capture("u", "c", Map.of("v", counted))).isNull();
        CaptureOutcome immediate = client.captureImmediate("u", "d", Map.of("v", counted)).get(10, TimeUnit.SECONDS);

        assertThat(hookCalls).as("hooks run for accepted events only").hasValue(2);
        assertThat(printed).as("properties are not copied for a full queue").hasValue(2);
        assertThat(immediate.status()).isEqualTo(CaptureOutcome.Status.DROPPED);
        assertThat(immediate.reason()).isEqualTo(DropReason.QUEUE_FULL);
        assertThat(immediate.detail()).isEqualTo("the queue is full");
        PostHogStats stats = client.stats();
        assertThat(stats.captured()).isEqualTo(4);
        assertThat(stats.dropped(DropReason.QUEUE_FULL)).isEqualTo(2);
        assertThat(stats.pending()).isEqualTo(2);
        assertThat(stats.captured()).isEqualTo(stats.sent() + stats.droppedTotal() + stats.pending());
        gate.open();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().sent() == 2);
    }

    @Test
    void anExceptionCapturedIntoAFullQueueIsCountedAndItsFramesAreNotWalked() {
        rig.stallEverything();
        client = rig.start(TestClients.builder(server).maxQueueSize(1).flushAt(1).senderThreads(1));
        assertThat(client.capture("u", "fills the queue")).isNotNull();
        AtomicInteger framesRead = new AtomicInteger();
        RuntimeException error = new IllegalStateException("boom") {
            @Override
            public StackTraceElement[] getStackTrace() {
                framesRead.incrementAndGet();
                return super.getStackTrace();
            }
        };

        assertThat(client.captureException(error, "u", null)).isNull();

        assertThat(framesRead).hasValue(0);
        PostHogStats stats = client.stats();
        assertThat(stats.captured()).isEqualTo(2);
        assertThat(stats.dropped(DropReason.QUEUE_FULL)).isEqualTo(1);
        assertThat(stats.captured()).isEqualTo(stats.sent() + stats.droppedTotal() + stats.pending());
        gate.open();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().sent() == 1);
    }

    @Test
    void theBoundCoversInFlightEventsAndTheNewestAreDropped() {
        rig.stallEverything();
        client = rig.start(TestClients.builder(server).maxQueueSize(10).flushAt(1).senderThreads(2));
        int accepted = 0;
        for (int i = 0; i < 15; i++) {
            if (client.capture("u", "e" + i) != null) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(10);
        PostHogStats stats = client.stats();
        assertThat(stats.captured()).isEqualTo(15);
        assertThat(stats.dropped(DropReason.QUEUE_FULL)).isEqualTo(5);
        assertThat(stats.pending()).isEqualTo(10);
        gate.open();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().sent() == 10);
        assertThat(client.stats().pending()).isZero();
    }

    @Test
    void theBlockPolicyWaitsForSpaceThenDropsAfterItsTimeout() throws Exception {
        rig.stallEverything();
        client = rig.start(TestClients.builder(server).maxQueueSize(2).flushAt(1).senderThreads(1)
                .queueFullPolicy(QueueFullPolicy.BLOCK).queueFullBlockTimeout(Duration.ofMillis(300)));
        client.capture("u", "a");
        client.capture("u", "b");
        long start = System.nanoTime();
        assertThat(client.capture("u", "timed-out")).isNull();
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
        assertThat(client.stats().dropped(DropReason.QUEUE_FULL)).isEqualTo(1);
    }

    @Test
    void theBlockPolicyAcceptsOnceSpaceFreesUp() throws Exception {
        rig.stallEverything();
        client = rig.start(TestClients.builder(server).maxQueueSize(2).flushAt(1).senderThreads(1)
                .queueFullPolicy(QueueFullPolicy.BLOCK).queueFullBlockTimeout(Duration.ofSeconds(20)));
        client.capture("u", "a");
        client.capture("u", "b");
        CompletableFuture<UUID> third = new CompletableFuture<>();
        // A dedicated thread: a blocked common-pool worker could starve the JDK HTTP client's own async stages.
        Thread blocked = new Thread(() -> third.complete(client.capture("u", "c")), "blocked-producer");
        blocked.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> blocked.getState() == Thread.State.TIMED_WAITING);
        gate.open();
        assertThat(third.get(10, TimeUnit.SECONDS)).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().sent() == 3);
    }

    @Test
    void blockingOnACommonPoolWorkerDoesNotStarveDelivery() throws Exception {
        rig.stallEverything();
        client = rig.start(TestClients.builder(server).maxQueueSize(2).flushAt(1).senderThreads(1)
                .queueFullPolicy(QueueFullPolicy.BLOCK).queueFullBlockTimeout(Duration.ofSeconds(20)));
        client.capture("u", "a");
        client.capture("u", "b");
        Thread[] blocked = new Thread[1];
        CompletableFuture<UUID> third = CompletableFuture.supplyAsync(() -> {
            blocked[0] = Thread.currentThread();
            return client.capture("u", "c");
        });
        await().atMost(Duration.ofSeconds(5))
                .until(() -> blocked[0] != null && blocked[0].getState() == Thread.State.TIMED_WAITING);
        gate.open();
        assertThat(third.get(10, TimeUnit.SECONDS)).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().sent() == 3);
    }
}
