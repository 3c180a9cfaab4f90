package io.github.posthogcommunity.posthog.reliability;

import io.github.posthogcommunity.posthog.CaptureProtocol;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.FlushResult;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.ShutdownResult;
import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ManualClock;
import io.github.posthogcommunity.posthog.support.TestClients;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults from a real local server: long 503 storms, resets, silent and slow servers, broken 2xx bodies, absurd
 * Retry-After values, unreachable hosts and 413 splitting. Each ends with the accounting invariant.
 */
class FaultInjectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CaptureServer server = new CaptureServer();
    private final ManualClock clock = new ManualClock();
    private PostHogClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.shutdown(Duration.ZERO);
        }
        server.close();
    }

    private static void assertBalanced(PostHogStats stats) {
        assertThat(stats.captured()).as("captured == sent + dropped + pending (%s)", stats)
                .isEqualTo(stats.sent() + stats.droppedTotal() + stats.pending());
    }

    private void assertClosedClean() {
        ShutdownResult result = client.shutdown(Duration.ofSeconds(5));
        PostHogStats stats = client.stats();
        assertThat(stats.pending()).isZero();
        assertBalanced(stats);
        assertThat(result).isNotNull();
    }

    @Test
    void aTenMinute503StormLosesNothingWithinTheQueueBoundAndRecovers() {
        AtomicBoolean storm = new AtomicBoolean(true);
        Map<String, AtomicInteger> attemptsByBatch = new java.util.concurrent.ConcurrentHashMap<>();
        server.respond(r -> {
            attemptsByBatch.computeIfAbsent(r.uuids().get(0), k -> new AtomicInteger()).incrementAndGet();
            return storm.get() ? CaptureServer.status(503) : CaptureServer.ok();
        });
        client = TestClients.builder(server).clock(clock).flushAt(50).maxBatchSize(50).maxQueueSize(1_000)
                .senderThreads(2).maxRetries(25).build();
        for (int i = 0; i < 250; i++) {
            assertThat(client.capture("u", "e" + i)).isNotNull();
        }
        int batches = 5;
        int rounds = 20; // 20 x 30 s (the backoff cap) = 10 minutes of 503s on the manual clock
        for (int round = 1; round <= rounds; round++) {
            long expected = (long) batches * round;
            await().atMost(WAIT).until(() -> client.stats().failedRequests() == expected);
            assertThat(client.stats().pending()).isEqualTo(250);
            if (round == rounds) {
                // End the storm before the advance that makes the last retries due: after it, they race the flag.
                storm.set(false);
            }
            clock.advance(Duration.ofSeconds(30));
        }
        await().atMost(WAIT).until(() -> client.stats().sent() == 250);
        PostHogStats stats = client.stats();
        assertThat(stats.droppedTotal()).isZero();
        assertThat(stats.pending()).isZero();
        assertThat(stats.retries()).isEqualTo((long) batches * rounds);
        assertThat(attemptsByBatch).hasSize(batches);
        assertThat(attemptsByBatch.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(rounds + 1));
        assertThat(server.events().stream().map(e -> e.get("uuid").asString()).distinct().count()).isEqualTo(250);
        assertBalanced(stats);
    }

    @Test
    void retriesAreSpacedByTheExponentialBackoffWithJitter() throws Exception {
        int failures = 9;
        AtomicInteger calls = new AtomicInteger();
        server.respond(r -> calls.incrementAndGet() <= failures ? CaptureServer.status(503) : CaptureServer.ok());
        client = TestClients.builder(server).clock(clock).flushAt(1).maxRetries(failures).build();
        client.capture("u", "e");
        server.take(WAIT);
        for (int n = 1; n <= failures; n++) {
            int attempt = n;
            await().atMost(WAIT).until(() -> client.stats().failedRequests() == attempt);
            long full = Math.min(30_000, 200L << (n - 1));
            long lower = full / 2; // "equal jitter": between half and all of 200 ms x 2^(n-1), capped at 30 s
            clock.advance(Duration.ofMillis(lower - 1));
            assertThat(server.poll(Duration.ofMillis(100))).as("retry %d came before %d ms", n, lower).isNull();
            clock.advance(Duration.ofMillis(full - lower + 1));
            assertThat(server.poll(WAIT)).as("retry %d did not come by %d ms", n, full).isNotNull();
        }
        await().atMost(WAIT).until(() -> client.stats().sent() == 1);
        assertThat(client.stats().retries()).isEqualTo(failures);
        assertBalanced(client.stats());
    }

    @Test
    void aConnectionResetMidResponseIsRetriedAndNothingIsCountedTwice() {
        AtomicInteger calls = new AtomicInteger();
        server.respond(r -> switch (calls.incrementAndGet()) {
            // headers of a 200 arrive, then the socket closes before the body: not a delivery
            case 1 -> new MockResponse.Builder().code(200).body("{\"status\":1}")
                    .onResponseBody(new SocketEffect.CloseSocket()).build();
            // the connection is shut down before any byte of the response
            case 2 -> new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
            default -> CaptureServer.ok();
        });
        client = TestClients.builder(server).clock(clock).flushAt(10).build();
        for (int i = 0; i < 10; i++) {
            client.capture("u", "e" + i);
        }
        await().atMost(WAIT).until(() -> client.stats().failedRequests() == 1);
        clock.advance(Duration.ofMillis(200));
        await().atMost(WAIT).until(() -> client.stats().failedRequests() == 2);
        clock.advance(Duration.ofMillis(400));
        await().atMost(WAIT).until(() -> client.stats().sent() == 10);
        assertThat(server.requestCount()).isEqualTo(3);
        // at-least-once: the same ten uuids each time, never new ones
        assertThat(server.requests().stream().map(CaptureServer.Received::uuids).distinct()).hasSize(1);
        assertThat(client.stats().droppedTotal()).isZero();
        assertClosedClean();
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersBoundsFlushByTheRequestTimeoutAndCloseByTheDeadline() {
        server.respond(r -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        client = TestClients.builder(server).clock(clock).requestTimeout(Duration.ofMillis(700)).build();
        client.capture("u", "e");
        long start = System.nanoTime();
        FlushResult flush = client.flush(Duration.ofSeconds(30));
        long flushMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(flush.completed()).isTrue();
        assertThat(flush.retrying()).isEqualTo(1);
        assertThat(flushMillis).isBetween(600L, 3_000L);

        client.capture("u", "f");
        start = System.nanoTime();
        ShutdownResult result = client.shutdown(Duration.ofMillis(1_000));
        long closeMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(closeMillis).isLessThan(2_500);
        assertThat(result.withinDeadline()).isFalse();
        PostHogStats stats = client.stats();
        assertThat(stats.pending()).isZero();
        assertThat(stats.sent()).isZero();
        assertThat(stats.dropped(DropReason.SHUTDOWN)).isEqualTo(2);
        assertBalanced(stats);
    }

    @Test
    void aSlowDripResponseIsBoundedByTheRequestTimeout() {
        // 100 bytes at one byte per 200 ms would take 20 s; the exchange (body included) is cut at 800 ms
        server.respond(r -> new MockResponse.Builder().code(200).body("{\"status\":1," + " ".repeat(88) + "}")
                .throttleBody(1, 200, TimeUnit.MILLISECONDS).build());
        client = TestClients.builder(server).clock(clock).requestTimeout(Duration.ofMillis(800)).build();
        client.capture("u", "e");
        long start = System.nanoTime();
        FlushResult flush = client.flush(Duration.ofSeconds(30));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isBetween(700L, 3_500L);
        assertThat(flush.retrying()).isEqualTo(1);
        assertThat(client.stats().sent()).isZero();

        server.respond(r -> new MockResponse.Builder().code(200).body("{}").headersDelay(2, TimeUnit.SECONDS).build());
        start = System.nanoTime();
        clock.advance(Duration.ofSeconds(31)); // the waiting retry comes due and times out again
        await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().failedRequests() == 2);
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(700L, 3_500L);
        assertBalanced(client.stats());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"results\":", "[]", "null", "{\"results\":[]}",
            "{\"results\":{\"x\":\"ok\"}}", "{\"results\":{\"%s\":{\"result\":42}}}",
            "{\"results\":{\"%s\":{\"result\":\"who-knows\"}}}", "{\"results\":{\"%s\":null}}", "\u0000\u0001",
            "BIG"})
    void malformedOrEmpty2xxBodiesOnV1AreFinalAndCountedAsDelivered(String template) {
        server.respond(r -> {
            String body = template.equals("BIG")
                    ? "{\"results\":{" + "\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}}"
                    : template.replace("%s", r.uuids().get(0));
            return new MockResponse.Builder().code(200).body(body).build();
        });
        client = TestClients.builder(server).clock(clock).captureProtocol(CaptureProtocol.V1).build();
        client.capture("u", "e");
        FlushResult result = client.flush(Duration.ofSeconds(10));
        assertThat(result.sent()).isEqualTo(1);
        assertThat(result.retrying()).isZero();
        assertThat(server.requestCount()).isEqualTo(1);
        server.respond(r -> CaptureServer.ok());
        client.capture("u", "after");
        assertThat(client.flush(Duration.ofSeconds(10)).sent()).isEqualTo(1);
        assertThat(client.stats().droppedTotal()).isZero();
        assertClosedClean();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "-999999999999999999999", "soon", "1.5", "0x10", " ", "0",
            "Mon, 01 Jan 2001 00:00:00 GMT", "Thu, 31 Feb 2026 25:61:00 GMT", "\u00e9\u00e9"})
    void absurdRetryAfterValuesFallBackToTheBackoff(String retryAfter) {
        AtomicInteger calls = new AtomicInteger();
        server.respond(r -> calls.incrementAndGet() == 1
                ? new MockResponse.Builder().code(503).addHeaderLenient("Retry-After", retryAfter).body("{}").build()
                : CaptureServer.ok());
        client = TestClients.builder(server).clock(clock).flushAt(1).build();
        client.capture("u", "e");
        await().atMost(WAIT).until(() -> client.stats().failedRequests() == 1);
        clock.advance(Duration.ofMillis(200)); // the plain backoff of a first retry
        await().atMost(WAIT).until(() -> client.stats().sent() == 1);
        assertBalanced(client.stats());
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999999999", "86400", "Fri, 31 Dec 9999 23:59:59 GMT"})
    void hugeRetryAfterOnAV1RetryResultIsClampedTo30Seconds(String retryAfter) {
        AtomicInteger calls = new AtomicInteger();
        server.respond(r -> {
            if (calls.incrementAndGet() > 1) {
                return CaptureServer.ok();
            }
            MockResponse results = CaptureServer.v1Results(r.uuids(), List.of("retry"));
            return results.newBuilder().setHeader("Retry-After", retryAfter).build();
        });
        client = TestClients.builder(server).clock(clock).flushAt(1).captureProtocol(CaptureProtocol.V1).build();
        client.capture("u", "e");
        await().atMost(WAIT).until(() -> client.stats().failedRequests() == 1);
        clock.advance(Duration.ofSeconds(29));
        assertThat(client.flush().retrying()).isEqualTo(1); // the floor holds against a flush
        clock.advance(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> client.stats().sent() == 1);
        assertThat(server.requestCount()).isEqualTo(2);
        assertBalanced(client.stats());
    }

    @Test
    void anUnresolvableHostIsRetriedThenDroppedAndNeverThrows() {
        client = PostHogClient.builder(TestClients.API_KEY).host("http://nonexistent.invalid").clock(clock)
                .flushInterval(Duration.ofHours(1)).requestTimeout(Duration.ofSeconds(3)).maxRetries(1).build();
        unreachable();
    }

    @Test
    void aRefusedConnectionIsRetriedThenDroppedAndNeverThrows() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        client = PostHogClient.builder(TestClients.API_KEY).host("http://127.0.0.1:" + closedPort).clock(clock)
                .flushInterval(Duration.ofHours(1)).requestTimeout(Duration.ofSeconds(3)).maxRetries(1).build();
        unreachable();
    }

    private void unreachable() {
        for (int i = 0; i < 5; i++) {
            assertThat(client.capture("u", "e" + i)).isNotNull();
        }
        long start = System.nanoTime();
        FlushResult first = client.flush(Duration.ofSeconds(30));
        assertThat(first).isEqualTo(new FlushResult(true, 5, 0, 0, 5));
        // a flush never pulls the waiting retry forward
        assertThat(client.flush(Duration.ofSeconds(30))).isEqualTo(new FlushResult(true, 5, 0, 0, 5));
        assertThat(client.stats().requests()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(31)); // the retry comes due and fails: exhausted
        await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().dropped(DropReason.RETRIES_EXHAUSTED) == 5);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(6_000);
        PostHogStats stats = client.stats();
        assertThat(stats.dropped(DropReason.RETRIES_EXHAUSTED)).isEqualTo(5);
        assertThat(stats.requests()).isEqualTo(2);
        assertClosedClean();
    }

    @Test
    void a413OnEveryMultiEventBatchSplitsDownToSingleEventsAndDeliversEachOnce() {
        Set<String> delivered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        server.respond(r -> {
            if (r.uuids().size() > 1) {
                return CaptureServer.status(413);
            }
            if (!delivered.add(r.uuids().get(0))) {
                duplicates.incrementAndGet();
            }
            return CaptureServer.ok();
        });
        client = TestClients.builder(server).clock(clock).maxBatchSize(16).build();
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < 16; i++) {
            order.put(client.capture("u", "e" + i).toString(), i);
        }
        FlushResult result = client.flush(Duration.ofSeconds(20));
        assertThat(result).isEqualTo(new FlushResult(true, 16, 16, 0, 0));
        assertThat(delivered).isEqualTo(order.keySet());
        assertThat(duplicates.get()).isZero();
        assertThat(server.requestCount()).isEqualTo(1 + 2 + 4 + 8 + 16);
        // each half keeps capture order inside its request (halves may travel on different senders)
        for (CaptureServer.Received r : server.requests()) {
            assertThat(r.uuids().stream().map(order::get).collect(Collectors.toList())).isSorted();
        }
        assertThat(client.stats().retries()).isZero();
        assertClosedClean();
    }

    @Test
    void a413ForEverythingEndsWithEachEventRejectedOnceNotALoop() {
        server.respond(r -> CaptureServer.status(413));
        client = TestClients.builder(server).clock(clock).maxBatchSize(8).build();
        for (int i = 0; i < 8; i++) {
            client.capture("u", "e" + i);
        }
        FlushResult result = client.flush(Duration.ofSeconds(20));
        assertThat(result.dropped()).isEqualTo(8);
        assertThat(server.requestCount()).isEqualTo(1 + 2 + 4 + 8);
        assertThat(client.stats().dropped(DropReason.REJECTED)).isEqualTo(8);
        assertClosedClean();
    }

    @Test
    void aProducerBlockedOnAFullQueueIsReleasedByCloseWithinTheDeadline() throws Exception {
        io.github.posthogcommunity.posthog.support.Gate gate = new io.github.posthogcommunity.posthog.support.Gate();
        server.respond(r -> {
            gate.hold();
            return CaptureServer.ok();
        });
        client = TestClients.builder(server).clock(clock).maxQueueSize(2).flushAt(1).senderThreads(1)
                .requestTimeout(Duration.ofSeconds(20))
                .queueFullPolicy(io.github.posthogcommunity.posthog.QueueFullPolicy.BLOCK)
                .queueFullBlockTimeout(Duration.ofSeconds(30)).build();
        try {
            client.capture("u", "a");
            client.capture("u", "b");
            java.util.concurrent.CompletableFuture<java.util.UUID> blocked = new java.util.concurrent.CompletableFuture<>();
            Thread producer = new Thread(() -> blocked.complete(client.capture("u", "blocked")), "blocked-producer");
            producer.start();
            await().atMost(WAIT).until(() -> producer.getState() == Thread.State.TIMED_WAITING);
            long start = System.nanoTime();
            ShutdownResult result = client.shutdown(Duration.ofMillis(500));
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_500);
            assertThat(result.withinDeadline()).isFalse();
            assertThat(blocked.get(5, TimeUnit.SECONDS)).isNull(); // released, not left waiting 30 s
            PostHogStats stats = client.stats();
            assertThat(stats.captured()).isEqualTo(3);
            assertThat(stats.pending()).isZero();
            assertThat(stats.dropped(DropReason.SHUTDOWN)).isEqualTo(3);
            assertBalanced(stats);
        } finally {
            gate.open();
        }
    }
}
