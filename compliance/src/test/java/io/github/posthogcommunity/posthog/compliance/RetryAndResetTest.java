package io.github.posthogcommunity.posthog.compliance;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RetryAndResetTest extends AdapterTestBase {

    @Test
    void aRetriedBatchShowsBothAttemptsInState() {
        start(Mode.defaults());
        AtomicInteger calls = new AtomicInteger();
        mock.respond(r -> calls.incrementAndGet() == 1 ? MockPostHog.status(503) : MockPostHog.ok());
        client.init("t-retry", config());

        String uuid = client.capture("t-retry", event("user-1", "retried"));
        client.post("/flush", "t-retry", null);

        // No second /flush: the SDK retries on its own.
        await().atMost(Duration.ofSeconds(5)).until(() -> client.state("t-retry").get("requests_made").size() == 2);
        JsonNode state = client.state("t-retry");
        System.out.println("/state after a retried batch: " + state.toPrettyString());
        JsonNode made = state.get("requests_made");
        assertThat(made.get(0).get("status_code").asInt()).isEqualTo(503);
        assertThat(made.get(0).get("retry_attempt").asInt()).isZero();
        assertThat(made.get(1).get("status_code").asInt()).isEqualTo(200);
        assertThat(made.get(1).get("retry_attempt").asInt()).isEqualTo(1);
        assertThat(made.get(1).get("timestamp_ms").asLong() - made.get(0).get("timestamp_ms").asLong())
                .isGreaterThanOrEqualTo(100);
        for (JsonNode request : made) {
            assertThat(request.get("event_count").asInt()).isEqualTo(1);
            assertThat(request.get("uuid_list").get(0).asString()).isEqualTo(uuid);
        }
        assertThat(state.get("total_retries").asLong()).isEqualTo(1);
        assertThat(state.get("total_events_sent").asLong()).isEqualTo(1);
        assertThat(state.get("pending_events").asLong()).isZero();
        assertThat(state.get("last_error").asString()).contains("503").doesNotContain(API_KEY);
        assertThat(mock.requests()).extracting(MockPostHog.Received::uuids)
                .containsExactly(List.of(uuid), List.of(uuid));
    }

    @Test
    void resetSilencesAClientWhoseRetryIsScheduled() {
        start(Mode.defaults());
        // The first attempt of each test fails with Retry-After: 1, so each client holds a retry due in >= 1 s.
        mock.respond(r -> mock.requestsFor(r.testId()).size() == 1
                ? MockPostHog.status(503, "1") : MockPostHog.ok());
        client.init("t-reset", config());
        client.init("t-control", config());
        client.capture("t-reset", event("u", "doomed"));
        String controlUuid = client.capture("t-control", event("u", "survives"));
        client.post("/flush", "t-reset", null);
        client.post("/flush", "t-control", null);
        assertThat(client.state("t-reset").get("pending_events").asLong()).isEqualTo(1);

        AdapterClient.Answer reset = client.post("/reset", "t-reset", null);

        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().get("success").asBoolean()).isTrue();
        assertThat(reset.json().get("discarded_events").asLong()).isEqualTo(1);
        // Well past the scheduled retry (1 s), the reset client has sent nothing more, while the control
        // client's retry, scheduled the same way, did arrive.
        await().during(Duration.ofMillis(2_000)).atMost(Duration.ofSeconds(4))
                .until(() -> mock.requestsFor("t-reset").size() == 1);
        await().atMost(Duration.ofSeconds(4)).until(() -> mock.requestsFor("t-control").size() == 2);
        assertThat(mock.requestsFor("t-control").get(1).uuids()).containsExactly(controlUuid);
        // Nothing was stopped by the adapter's own gate: shutdown(Duration.ZERO) itself cancelled the retry.
        assertThat(adapter.refusedAfterReset()).isZero();
        assertThat(client.state("t-reset").get("requests_made")).isEmpty();
    }

    @Test
    void resetReturnsAtOnceAndAbandonsARequestInFlight() throws InterruptedException {
        start(Mode.defaults());
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        mock.respond(r -> {
            arrived.countDown();
            try {
                release.await(10, TimeUnit.SECONDS); // a server that hangs until the test lets it go
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return MockPostHog.status(503);
        });
        client.init("t-inflight", config());
        client.capture("t-inflight", event("u", "stuck"));
        CompletableFuture<AdapterClient.Answer> flush =
                CompletableFuture.supplyAsync(() -> client.post("/flush", "t-inflight", null));
        assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        AdapterClient.Answer reset = client.post("/reset", "t-inflight", null);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(reset.json().get("discarded_events").asLong()).isEqualTo(1);
        // a reset is shutdown(Duration.ZERO): the core's docs/architecture.md ("Time bounds tests rely on") promises
        // it returns within the 2 s close grace; 0.5 s more for the adapter's HTTP round trip on a loaded machine
        assertThat(tookMs).isLessThan(2_500);
        // The blocked /flush is released by the reset, not by the server.
        assertThat(flush.orTimeout(2, TimeUnit.SECONDS).join().status()).isEqualTo(200);
        release.countDown();
        // The 503 would have scheduled a retry; nothing more arrives.
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> mock.requests().size() == 1);
        assertThat(adapter.refusedAfterReset()).isZero();
    }

    @Test
    void reInitSilencesThePreviousClientOfTheSameTest() {
        start(Mode.defaults());
        mock.respond(r -> mock.requests().size() == 1 ? MockPostHog.status(503, "1") : MockPostHog.ok());
        client.init("t-again", config());
        client.capture("t-again", event("u", "old"));
        client.post("/flush", "t-again", null);

        client.init("t-again", config());
        String fresh = client.capture("t-again", event("u", "new"));
        client.post("/flush", "t-again", null);

        await().during(Duration.ofMillis(1_800)).atMost(Duration.ofSeconds(4))
                .until(() -> mock.requests().size() == 2);
        assertThat(mock.requests().get(1).uuids()).containsExactly(fresh);
        JsonNode state = client.state("t-again");
        assertThat(state.get("total_events_captured").asLong()).isEqualTo(1);
        assertThat(state.get("requests_made")).hasSize(1);
        assertThat(adapter.refusedAfterReset()).isZero();
    }

    @Test
    void twoTestIdsAreIsolated() {
        start(Mode.defaults());
        client.init("t-a", config());
        client.init("t-b", config());

        String a = client.capture("t-a", event("user-a", "from_a"));
        String b = client.capture("t-b", event("user-b", "from_b"));
        client.post("/flush", "t-a", null);
        client.post("/flush", "t-b", null);

        assertThat(mock.requestsFor("t-a")).singleElement().satisfies(r -> assertThat(r.uuids()).containsExactly(a));
        assertThat(mock.requestsFor("t-b")).singleElement().satisfies(r -> assertThat(r.uuids()).containsExactly(b));
        assertThat(client.state("t-a").get("requests_made").get(0).get("uuid_list").get(0).asString()).isEqualTo(a);
        assertThat(client.state("t-b").get("total_events_captured").asLong()).isEqualTo(1);

        client.post("/reset", "t-a", null);
        String b2 = client.capture("t-b", event("user-b", "still_there"));
        client.post("/flush", "t-b", null);

        assertThat(mock.requestsFor("t-b")).hasSize(2);
        assertThat(mock.requestsFor("t-b").get(1).uuids()).containsExactly(b2);
        assertThat(client.state("t-b").get("total_events_sent").asLong()).isEqualTo(2);
        assertThat(client.state("t-a").get("total_events_captured").asLong()).isZero();
        assertThat(client.post("/capture", "t-a", event("u", "e")).status()).isEqualTo(400);
        assertThat(mock.requests()).allSatisfy(r -> assertThat(r.testId()).isIn("t-a", "t-b"));
    }

    @Test
    void concurrentTestsNeverMixTheirEvents() {
        start(Mode.defaults());
        List<String> ids = IntStream.range(0, 6).mapToObj(i -> "t-par-" + i).toList();
        ids.forEach(id -> client.init(id, config("flush_at", 5)));
        Map<String, Set<String>> captured = new ConcurrentHashMap<>();

        ids.parallelStream().forEach(id -> {
            for (int i = 0; i < 20; i++) {
                captured.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet())
                        .add(client.capture(id, event("user-" + id, "e" + i)));
            }
            client.post("/flush", id, null);
        });

        for (String id : ids) {
            List<String> onTheWire = mock.requestsFor(id).stream().flatMap(r -> r.uuids().stream()).toList();
            assertThat(onTheWire).containsExactlyInAnyOrderElementsOf(captured.get(id));
            List<String> observed = client.state(id).get("requests_made").valueStream()
                    .flatMap(r -> r.get("uuid_list").valueStream()).map(JsonNode::asString).toList();
            assertThat(observed).containsExactlyInAnyOrderElementsOf(captured.get(id));
        }
        // Every request belongs to one of the tests: no event reached the mock without its test's id.
        assertThat(mock.requests().stream().mapToInt(r -> r.uuids().size()).sum()).isEqualTo(ids.size() * 20);
    }

    @Test
    void aServerThatNeverAnswersIsReportedAsLastErrorWithoutTheKey() {
        start(Mode.defaults());
        // Nothing listens on the port of a closed mock: every attempt fails without a response.
        String deadHost = mock.host();
        mock.close();
        client.init("t-down", config("host", deadHost, "max_retries", 0));

        client.capture("t-down", event("u", "e"));
        client.post("/flush", "t-down", null);

        JsonNode state = client.state("t-down");
        assertThat(state.get("requests_made")).singleElement()
                .satisfies(r -> assertThat(r.get("status_code").asInt()).isZero());
        assertThat(state.get("last_error").asString()).startsWith("no response from POST /batch/")
                .doesNotContain(API_KEY);
    }
}
