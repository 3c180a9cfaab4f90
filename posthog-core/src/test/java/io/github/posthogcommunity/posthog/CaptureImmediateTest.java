package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.ManualClock;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CaptureImmediateTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private final ManualClock clock = rig.clock;

    private static CaptureOutcome outcome(CompletableFuture<CaptureOutcome> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void sentNowWithoutWaitingForTheBatchThresholds(CaptureProtocol protocol) throws Exception {
        PostHogClient client = rig.start(TestClients.builder(server).captureProtocol(protocol).clock(clock)
                .flushAt(100).flushInterval(Duration.ofHours(1)));
        CaptureOutcome outcome = outcome(client.captureImmediate("u", "job finished", Map.of("rows", 7)));
        assertThat(outcome.status()).isEqualTo(CaptureOutcome.Status.SENT);
        assertThat(outcome.isSent()).isTrue();
        assertThat(outcome.statusCode()).isEqualTo(200);
        assertThat(outcome.reason()).isNull();
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(server.requests().get(0).uuids()).containsExactly(outcome.uuid().toString());
        assertThat(server.events().get(0).get("properties").get("rows").asInt()).isEqualTo(7);
        PostHogStats stats = client.stats();
        assertThat(stats.captured()).isEqualTo(1);
        assertThat(stats.sent()).isEqualTo(1);
    }

    @Test
    void aRejectedEventIsDroppedWithItsReasonAndStatus() throws Exception {
        server.respond(r -> CaptureServer.status(400));
        PostHogClient client = rig.start(TestClients.builder(server).clock(clock));
        CaptureOutcome outcome = outcome(client.captureImmediate("u", "e", null));
        assertThat(outcome.status()).isEqualTo(CaptureOutcome.Status.DROPPED);
        assertThat(outcome.reason()).isEqualTo(DropReason.REJECTED);
        assertThat(outcome.statusCode()).isEqualTo(400);
        assertThat(outcome.uuid()).isNotNull();
        assertThat(outcome.detail()).contains("400");
        assertThat(client.stats().dropped(DropReason.REJECTED)).isEqualTo(1);
    }

    @Test
    void retriesThenSentCompletesOnlyAfterTheRetry() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.respond(r -> calls.incrementAndGet() == 1 ? CaptureServer.status(503) : CaptureServer.ok());
        PostHogClient client = rig.start(TestClients.builder(server).clock(clock));
        CompletableFuture<CaptureOutcome> future = client.captureImmediate("u", "e", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().failedRequests() == 1);
        assertThat(future).isNotDone();
        clock.advance(Duration.ofMillis(200)); // the first retry waits 100..200 ms
        CaptureOutcome outcome = outcome(future);
        assertThat(outcome.isSent()).isTrue();
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void retriesExhaustedReportsTheLastStatus() throws Exception {
        server.respond(r -> CaptureServer.status(503));
        PostHogClient client = rig.start(TestClients.builder(server).clock(clock).maxRetries(0));
        CaptureOutcome outcome = outcome(client.captureImmediate("u", "e", null));
        assertThat(outcome.reason()).isEqualTo(DropReason.RETRIES_EXHAUSTED);
        assertThat(outcome.statusCode()).isEqualTo(503);
    }

    @Test
    void perEventResultsOfCaptureV1() throws Exception {
        server.respond(r -> CaptureServer.v1Results(r.uuids(), List.of("ok", "limited")));
        PostHogClient client = rig.start(TestClients.builder(server).captureProtocol(CaptureProtocol.V1)
                .clock(clock));
        client.capture("u", "queued first");
        CaptureOutcome outcome = outcome(client.captureImmediate("u", "immediate", null));
        assertThat(outcome.reason()).isEqualTo(DropReason.RATE_LIMITED);
        assertThat(outcome.statusCode()).isEqualTo(200);
        assertThat(server.requests().get(0).uuids()).hasSize(2);
    }

    @Test
    void dropsBeforeTheHandOffAnswerAtOnce() throws Exception {
        PostHogClient client = rig.start(TestClients.builder(server).clock(clock)
                .beforeSend(e -> e.event().equals("secret") ? null : e));
        CaptureOutcome invalid = outcome(client.captureImmediate(" ", "e", null));
        assertThat(invalid.reason()).isEqualTo(DropReason.INVALID);
        assertThat(invalid.uuid()).isNull();
        CaptureOutcome hooked = outcome(client.captureImmediate("u", "secret", null));
        assertThat(hooked.reason()).isEqualTo(DropReason.BEFORE_SEND);
        assertThat(hooked.uuid()).isNotNull();
        client.shutdown(Duration.ofSeconds(5));
        CaptureOutcome late = outcome(client.captureImmediate("u", "late", null));
        assertThat(late.reason()).isEqualTo(DropReason.SHUTDOWN);
        assertThat(server.requestCount()).isZero();
        assertThat(client.stats().droppedTotal()).isEqualTo(3);
    }

    @Test
    void aFullQueueIsReported() throws Exception {
        rig.stallEverything();
        PostHogClient client = rig.start(TestClients.builder(server).clock(clock).maxQueueSize(1));
        CompletableFuture<CaptureOutcome> first = client.captureImmediate("u", "first", null);
        server.take(Duration.ofSeconds(10)); // in flight, holding the only permit
        CaptureOutcome second = outcome(client.captureImmediate("u", "second", null));
        assertThat(second.reason()).isEqualTo(DropReason.QUEUE_FULL);
        rig.gate.open();
        assertThat(outcome(first).isSent()).isTrue();
    }

    @Test
    void shutdownSettlesAnEventStuckInFlight() throws Exception {
        rig.stallEverything();
        PostHogClient client = rig.start(TestClients.builder(server).clock(clock));
        CompletableFuture<CaptureOutcome> future = client.captureImmediate("u", "e", null);
        server.take(Duration.ofSeconds(10));
        client.shutdown(Duration.ofMillis(200));
        CaptureOutcome outcome = outcome(future);
        assertThat(outcome.reason()).isEqualTo(DropReason.SHUTDOWN);
    }

    @Test
    void completesOnAClientThreadAndABlockingStageDoesNotStallDelivery() throws Exception {
        rig.stallEverything();
        PostHogClient client = rig.start(TestClients.builder(server).clock(clock));
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> thread = new AtomicReference<>();
        CompletableFuture<CaptureOutcome> first = client.captureImmediate("u", "first", null);
        first.thenRun(() -> { // registered before completion: runs on the completing thread
            thread.set(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.take(Duration.ofSeconds(10));
        rig.gate.open();
        // Not first.get(): a thread waiting in get() may run pending stages itself once the future completes.
        await().atMost(Duration.ofSeconds(10)).until(() -> thread.get() != null);
        assertThat(thread.get()).startsWith("posthog-outcomes-");
        assertThat(first.getNow(null).isSent()).isTrue();
        // While that stage blocks, later events are still delivered (the dispatcher is not the blocked thread).
        UUID next = client.capture("u", "next");
        assertThat(client.flush().sent()).isEqualTo(1);
        assertThat(server.requests().get(1).uuids()).containsExactly(next.toString());
        release.countDown();
    }

    @Test
    void aDisabledClientAnswersDisabled() throws Exception {
        CaptureOutcome outcome = outcome(PostHogClient.disabled().captureImmediate("u", "e", null));
        assertThat(outcome.status()).isEqualTo(CaptureOutcome.Status.DISABLED);
        assertThat(outcome.isSent()).isFalse();
    }
}
