package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.ManualClock;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BatchingTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private final ManualClock clock = rig.clock;
    private PostHogClient client;


    @Test
    void sendsWhenFlushAtIsReachedWithoutWaitingForTheInterval() throws Exception {
        client = rig.start(TestClients.builder(server).clock(clock).flushAt(5).maxBatchSize(5));
        for (int i = 0; i < 5; i++) {
            client.capture("u", "e" + i);
        }
        assertThat(server.take(Duration.ofSeconds(5)).events()).hasSize(5);
    }

    @Test
    void sendsAPartialBatchOnceTheIntervalHasPassedSinceTheOldestEvent() throws Exception {
        // v1 bodies carry created_at: the clock time at which the dispatcher formed the batch
        client = rig.start(TestClients.builder(server).clock(clock).captureProtocol(CaptureProtocol.V1)
                .flushAt(100).flushInterval(Duration.ofSeconds(5)));
        Instant capturedAt = clock.now();
        client.capture("u", "first");
        client.capture("u", "second");
        // Not due yet: let the dispatcher look at the clock 1 ms before the interval ends and go back to sleep.
        // Had it cut the batch then, the batch would be stamped with that time.
        clock.advance(Duration.ofMillis(4_999));
        awaitTheDispatcherIdleAfterReading(clock.peek());
        assertThat(server.requestCount()).isZero();
        clock.advance(Duration.ofMillis(1));
        CaptureServer.Received request = server.take(Duration.ofSeconds(5));
        assertThat(request.events()).extracting(e -> e.get("event").asString()).containsExactly("first", "second");
        assertThat(Instant.parse(request.json().get("created_at").asString()))
                .as("the batch was formed when the interval had passed, not before")
                .isEqualTo(capturedAt.plusSeconds(5).truncatedTo(ChronoUnit.MILLIS));
    }

    /** Waits until the dispatcher has read {@code nanos} from the clock and parked: its decision for that time is made. */
    private void awaitTheDispatcherIdleAfterReading(long nanos) {
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.lastRead() == nanos && Thread.getAllStackTraces()
                .keySet().stream().filter(t -> t.getName().endsWith("-dispatcher") && t.isAlive())
                .allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING));
    }

    @Test
    void constantTrafficDoesNotStarveTheIntervalFlush() throws Exception {
        client = rig.start(TestClients.builder(server).clock(clock).flushAt(1_000).flushInterval(Duration.ofSeconds(1)));
        for (int i = 0; i < 20; i++) {
            client.capture("u", "e" + i);
            clock.advance(Duration.ofMillis(100));
        }
        // flushAt is never reached and nothing flushes: a request at all proves the interval fired. Several interval
        // batches may be in flight at once (arriving in any order), so look for the one that starts with e0.
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests().stream()
                .anyMatch(r -> r.events().get(0).get("event").asString().equals("e0")));
    }

    @Test
    void eachRequestCarriesAtMostMaxBatchSizeEventsInArrivalOrder() {
        client = rig.start(TestClients.builder(server).clock(clock).flushAt(1_000).maxBatchSize(7));
        IntStream.range(0, 30).forEach(i -> client.capture("u", "e" + i));
        FlushResult result = client.flush();
        assertThat(result.completed()).isTrue();
        assertThat(result.sent()).isEqualTo(30);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.events()).hasSizeLessThanOrEqualTo(7));
        List<String> names = server.events().stream().map(e -> e.get("event").asString()).toList();
        assertThat(names).hasSize(30);
        // Batches run concurrently, but inside each request events keep their capture order.
        for (CaptureServer.Received r : server.requests()) {
            List<Integer> order = r.events().stream()
                    .map(e -> Integer.parseInt(e.get("event").asString().substring(1))).toList();
            assertThat(order).isSorted();
        }
    }

    @Test
    void anEventOver900KibIsDroppedAsTooLargeAndOthersStillGo() {
        client = rig.start(TestClients.builder(server).clock(clock));
        client.capture("u", "huge", Map.of("blob", "x".repeat(1024 * 1024)));
        client.capture("u", "small");
        client.flush();
        assertThat(server.events()).extracting(e -> e.get("event").asString()).containsExactly("small");
        PostHogStats stats = client.stats();
        assertThat(stats.dropped(DropReason.TOO_LARGE)).isEqualTo(1);
        assertThat(stats.sent()).isEqualTo(1);
    }

    @Test
    void requestBodiesStayUnderFiveMebibytes() {
        client = rig.start(TestClients.builder(server).clock(clock).flushAt(1_000).maxBatchSize(100));
        String blob = "y".repeat(800 * 1024);
        for (int i = 0; i < 12; i++) {
            client.capture("u", "big" + i, Map.of("blob", blob));
        }
        assertThat(client.flush().sent()).isEqualTo(12);
        assertThat(server.requests()).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> assertThat(r.body().length).isLessThan(5 * 1024 * 1024));
    }
}
