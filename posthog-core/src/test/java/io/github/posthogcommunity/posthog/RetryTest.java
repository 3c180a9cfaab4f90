package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.ManualClock;
import io.github.posthogcommunity.posthog.support.TestClients;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RetryTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private final ManualClock clock = rig.clock;
    private PostHogClient client;


    /** Fails the first {@code failures} requests with {@code failure}, then answers 200. */
    private void failFirst(int failures, MockResponse failure) {
        AtomicInteger count = new AtomicInteger();
        server.respond(r -> count.incrementAndGet() <= failures ? failure : CaptureServer.ok());
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void retryableStatusesAreRetriedAfterTheBackoff(int status) throws Exception {
        failFirst(1, CaptureServer.status(status));
        client = rig.start(TestClients.builder(server).clock(clock).flushAt(1));
        client.capture("u", "e");
        server.take(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().failedRequests() == 1);
        clock.advance(Duration.ofMillis(200)); // the first retry waits 100..200 ms
        server.take(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().sent() == 1);
        PostHogStats stats = client.stats();
        assertThat(stats.retries()).isEqualTo(1);
        assertThat(stats.droppedTotal()).isZero();
        assertThat(stats.pending()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 402, 403, 415, 404})
    void nonRetryableStatusesDropTheBatchAsRejected(int status) {
        server.respond(r -> CaptureServer.status(status));
        client = rig.start(TestClients.builder(server).clock(clock));
        client.capture("u", "a");
        client.capture("u", "b");
        FlushResult result = client.flush();
        assertThat(result.dropped()).isEqualTo(2);
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(client.stats().dropped(DropReason.REJECTED)).isEqualTo(2);
        assertThat(client.stats().retries()).isZero();
    }

    @Test
    void noResponseIsRetried() throws Exception {
        failFirst(1, new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
        client = rig.start(TestClients.builder(server).clock(clock).flushAt(1));
        client.capture("u", "e");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().failedRequests() == 1);
        clock.advance(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().sent() == 1);
    }

    @Test
    void uuidAndTimestampNeverChangeAcrossRetriesAndMaxRetriesIsHonoured() {
        server.respond(r -> CaptureServer.status(503));
        client = rig.start(TestClients.builder(server).clock(clock).maxRetries(2));
        client.capture("u", "e");
        client.flush();
        // a flush never pulls a retry forward: each retry runs once its backoff has passed on the clock
        for (int failed = 1; failed < 3; failed++) {
            long outcomes = failed;
            await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().failedRequests() == outcomes);
            clock.advance(Duration.ofSeconds(31));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().dropped(DropReason.RETRIES_EXHAUSTED) == 1);
        assertThat(server.requestCount()).isEqualTo(3);
        List<String> uuids = server.requests().stream().map(r -> r.uuids().get(0)).distinct().toList();
        List<String> timestamps = server.requests().stream()
                .map(r -> r.events().get(0).get("timestamp").asString()).distinct().toList();
        assertThat(uuids).hasSize(1);
        assertThat(timestamps).hasSize(1);
        PostHogStats stats = client.stats();
        assertThat(stats.dropped(DropReason.RETRIES_EXHAUSTED)).isEqualTo(1);
        assertThat(stats.retries()).isEqualTo(2);
        assertThat(stats.retriedEvents()).isEqualTo(2);
        assertThat(stats.pending()).isZero();
    }

    @Test
    void zeroMaxRetriesMeansOneAttempt() {
        server.respond(r -> CaptureServer.status(500));
        client = rig.start(TestClients.builder(server).clock(clock).maxRetries(0));
        client.capture("u", "e");
        assertThat(client.flush().dropped()).isEqualTo(1);
        assertThat(client.stats().dropped(DropReason.RETRIES_EXHAUSTED)).isEqualTo(1);
    }

    static Stream<Arguments> retryAfterFloors() {
        return Stream.of(
                Arguments.of("seconds", (Function<ManualClock, String>) c -> "3", 2_900, 100),
                Arguments.of("HTTP date", (Function<ManualClock, String>) c -> DateTimeFormatter.RFC_1123_DATE_TIME
                        .format(c.now().plusSeconds(5).atZone(ZoneOffset.UTC)), 3_000, 2_000),
                Arguments.of("absurd, clamped to 30 s", (Function<ManualClock, String>) c -> "999999999999", 29_000,
                        1_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("retryAfterFloors")
    void retryAfterIsAMinimumWaitThatEvenAFlushHonours(String kind, Function<ManualClock, String> header,
                                                       long tooEarlyMillis, long restMillis) throws Exception {
        failFirst(1, CaptureServer.status(429, header.apply(clock)));
        client = rig.start(TestClients.builder(server).clock(clock).flushAt(1));
        client.capture("u", "e");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().failedRequests() == 1);
        clock.advance(Duration.ofMillis(tooEarlyMillis));
        assertThat(client.flush().retrying()).isEqualTo(1);
        assertThat(server.requestCount()).isEqualTo(1);
        clock.advance(Duration.ofMillis(restMillis));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().sent() == 1);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void garbageOrPastRetryAfterFallsBackToBackoff() throws Exception {
        failFirst(1, CaptureServer.status(503, "Mon, 01 Jan 2001 00:00:00 GMT"));
        client = rig.start(TestClients.builder(server).clock(clock).flushAt(1));
        client.capture("u", "e");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().failedRequests() == 1);
        clock.advance(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().sent() == 1);
    }

    @Test
    void the413OnABatchSplitsItAndASingleEventIsRejected() {
        server.respond(r -> r.events().size() > 2 ? CaptureServer.status(413) : CaptureServer.ok());
        client = rig.start(TestClients.builder(server).clock(clock));
        for (int i = 0; i < 8; i++) {
            client.capture("u", "e" + i);
        }
        FlushResult result = client.flush();
        assertThat(result.sent()).isEqualTo(8);
        assertThat(client.stats().sent()).isEqualTo(8);
        // 8 -> 413, split in halves: 4 + 4 -> 413, split again: four requests of 2 accepted (in any order)
        List<List<String>> requests = server.requests().stream()
                .map(r -> r.events().stream().map(e -> e.get("event").asString()).toList()).toList();
        assertThat(requests).containsExactlyInAnyOrder(
                List.of("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7"),
                List.of("e0", "e1", "e2", "e3"), List.of("e4", "e5", "e6", "e7"),
                List.of("e0", "e1"), List.of("e2", "e3"), List.of("e4", "e5"), List.of("e6", "e7"));
        assertThat(client.stats().retries()).as("a split is not a retry").isZero();

        server.respond(r -> CaptureServer.status(413));
        client.capture("u", "alone");
        assertThat(client.flush().dropped()).isEqualTo(1);
        assertThat(client.stats().dropped(DropReason.REJECTED)).isEqualTo(1);
        assertThat(server.requestCount()).as("one event is not split nor retried").isEqualTo(requests.size() + 1);
    }

    @Test
    void theFirstRetryComesNoSoonerThan100MsOnTheRealClock() throws Exception {
        failFirst(1, CaptureServer.status(503));
        client = rig.start(TestClients.builder(server).flushAt(1));
        client.capture("u", "e");
        CaptureServer.Received first = server.take(Duration.ofSeconds(5));
        CaptureServer.Received second = server.take(Duration.ofSeconds(5));
        long gapMillis = (second.receivedNanos() - first.receivedNanos()) / 1_000_000;
        assertThat(gapMillis).isGreaterThanOrEqualTo(100);
    }
}
