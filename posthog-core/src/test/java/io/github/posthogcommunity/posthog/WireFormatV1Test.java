package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.CaptureServer.Received;
import io.github.posthogcommunity.posthog.support.ManualClock;
import io.github.posthogcommunity.posthog.support.TestClients;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WireFormatV1Test {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private final ManualClock clock = rig.clock;
    private PostHogClient client;


    private PostHogClientBuilder v1() {
        return TestClients.builder(server).clock(clock).captureProtocol(CaptureProtocol.V1);
    }

    @Test
    void headersOnEveryAttemptAndTheBodyShape() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.respond(r -> calls.incrementAndGet() == 1 ? CaptureServer.status(503) : CaptureServer.ok());
        client = rig.start(v1().flushAt(1));
        UUID uuid = client.capture("user-1", "signed up", Map.of("plan", "pro"));
        Received first = server.take(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().failedRequests() == 1);
        clock.advance(Duration.ofMillis(200));
        Received second = server.take(Duration.ofSeconds(5));

        for (Received r : List.of(first, second)) {
            assertThat(r.raw().getUrl().encodedPath()).isEqualTo("/i/v1/analytics/events");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + TestClients.API_KEY);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.header("PostHog-Sdk-Info")).startsWith("posthog-java-community/");
            assertThat(r.header("User-Agent")).startsWith("posthog-java-community/");
            assertThat(r.header("Content-Encoding")).isNull();
            assertThat(r.json().propertyNames()).containsExactly("created_at", "batch");
            assertThat(r.uuids()).containsExactly(uuid.toString());
        }
        assertThat(first.header("PostHog-Attempt")).isEqualTo("1");
        assertThat(second.header("PostHog-Attempt")).isEqualTo("2");
        assertThat(UUID.fromString(first.header("PostHog-Request-Id"))).isNotNull();
        assertThat(second.header("PostHog-Request-Id")).isEqualTo(first.header("PostHog-Request-Id"));
        assertThat(first.header("PostHog-Request-Timestamp")).isEqualTo("2026-11-22T10:15:30.123Z");
        assertThat(second.header("PostHog-Request-Timestamp")).isEqualTo("2026-11-22T10:15:30.323Z");
        assertThat(second.json().get("created_at").asString()).isEqualTo(first.json().get("created_at").asString());
        System.out.println("v1 exchange captured by this test (attempt 2):\n" + second.raw().getRequestLine()
                + "\n" + second.raw().getHeaders() + "\n" + new String(second.body()) + "\n<- HTTP 200 {\"status\":1}");
    }

    @Test
    void eventTransform() throws Exception {
        client = rig.start(v1());
        client.capture("user-1", "e", Map.of("$session_id", "s-1", "$window_id", "w-1", "$lib", "caller-lib",
                        "plan", "pro", "$set", Map.of("a", 1)),
                CaptureOptions.builder().cookielessMode(true).disableSkewCorrection(true).processPersonProfile(false)
                        .productTourId("tour-7").group("company", "acme").disableGeoip(true).build());
        client.capture("user-2", "bare");
        client.flush();
        List<JsonNode> events = server.events();
        JsonNode e = events.get(0);
        assertThat(e.propertyNames()).containsExactly("event", "uuid", "distinct_id", "timestamp", "session_id",
                "window_id", "options", "properties");
        assertThat(e.get("session_id").asString()).isEqualTo("s-1");
        assertThat(e.get("window_id").asString()).isEqualTo("w-1");
        JsonNode options = e.get("options");
        assertThat(options.propertyNames()).containsExactlyInAnyOrder("cookieless_mode", "disable_skew_correction",
                "process_person_profile", "product_tour_id");
        assertThat(options.get("cookieless_mode").asBoolean()).isTrue();
        assertThat(options.get("disable_skew_correction").asBoolean()).isTrue();
        assertThat(options.get("process_person_profile").asBoolean()).isFalse();
        assertThat(options.get("product_tour_id").asString()).isEqualTo("tour-7");
        JsonNode properties = e.get("properties");
        assertThat(properties.propertyNames()).contains("plan", "$set", "$geoip_disable", "$groups")
                .doesNotContain("$lib", "$lib_version", "$session_id", "$window_id", "$cookieless_mode",
                        "$ignore_sent_at", "$process_person_profile", "$product_tour_id");
        JsonNode bare = events.get(1);
        assertThat(bare.propertyNames()).containsExactly("event", "uuid", "distinct_id", "timestamp", "options",
                "properties");
        assertThat(bare.get("options").size()).isZero();
        assertThat(bare.get("properties").propertyNames()).containsExactly("$is_server");
        assertThat(bare.get("properties").get("$is_server").asBoolean()).isTrue();
    }

    @Test
    void isServerIsAPropertyOfEveryEventUnlessTheCallerSetsIt() {
        client = rig.start(v1());
        client.capture("u", "plain");
        client.capture("u", "caller", Map.of("$is_server", false));
        client.identify("u", Map.of("email", "a@b.c"));
        client.flush();
        List<JsonNode> events = server.events();
        assertThat(events.get(0).get("properties").get("$is_server").asBoolean()).isTrue();
        assertThat(events.get(0).get("options").has("is_server")).isFalse();
        assertThat(events.get(0).has("$is_server")).isFalse();
        assertThat(events.get(1).get("properties").get("$is_server").asBoolean()).isFalse();
        assertThat(events.get(2).get("properties").get("$is_server").asBoolean()).isTrue();
    }

    @Test
    void v0SendsTheSameOptionsAsMarkerProperties() {
        client = rig.start(TestClients.builder(server).clock(clock));
        client.capture("u", "e", null, CaptureOptions.builder().cookielessMode(true).disableSkewCorrection(true)
                .productTourId("tour-7").build());
        client.flush();
        JsonNode properties = server.events().get(0).get("properties");
        assertThat(properties.get("$cookieless_mode").asBoolean()).isTrue();
        assertThat(properties.get("$ignore_sent_at").asBoolean()).isTrue();
        assertThat(properties.get("$product_tour_id").asString()).isEqualTo("tour-7");
    }

    @Test
    void historicalMigrationInTheV1Body() throws Exception {
        client = rig.start(v1().historicalMigration(true));
        client.capture("u", "e");
        client.flush();
        Received r = server.take(Duration.ofSeconds(5));
        assertThat(r.json().propertyNames()).containsExactly("created_at", "historical_migration", "batch");
        assertThat(r.json().get("historical_migration").asBoolean()).isTrue();
    }

    private List<UUID> captureThree() {
        List<UUID> uuids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uuids.add(client.capture("u", "e" + i));
        }
        return uuids;
    }

    @Test
    void allOk() {
        server.respond(r -> CaptureServer.v1Results(r.uuids(), Collections.nCopies(r.uuids().size(), "ok")));
        client = rig.start(v1());
        captureThree();
        assertThat(client.flush()).isEqualTo(new FlushResult(true, 3, 3, 0, 0));
    }

    @Test
    void mixedResultsAreCountedPerEvent() {
        server.respond(r -> CaptureServer.v1Results(r.uuids(), List.of("ok", "drop", "limited", "warning")));
        client = rig.start(v1());
        for (int i = 0; i < 4; i++) {
            client.capture("u", "e" + i);
        }
        FlushResult result = client.flush();
        assertThat(result).isEqualTo(new FlushResult(true, 4, 2, 2, 0));
        PostHogStats stats = client.stats();
        assertThat(stats.sent()).isEqualTo(2);
        assertThat(stats.dropped(DropReason.SERVER_DROP)).isEqualTo(1);
        assertThat(stats.dropped(DropReason.RATE_LIMITED)).isEqualTo(1);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void onlyRetryEventsAreResentWithTheSameRequestIdAndTheNextAttempt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.respond(r -> calls.incrementAndGet() == 1
                ? CaptureServer.v1Results(r.uuids(), List.of("ok", "retry", "retry"))
                : CaptureServer.v1Results(r.uuids(), Collections.nCopies(r.uuids().size(), "ok")));
        client = rig.start(v1());
        List<UUID> uuids = captureThree();
        FlushResult first = client.flush();
        assertThat(first).isEqualTo(new FlushResult(true, 3, 1, 0, 2));
        clock.advance(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().sent() == 3);
        Received initial = server.requests().get(0);
        Received retry = server.requests().get(1);
        assertThat(retry.uuids()).containsExactly(uuids.get(1).toString(), uuids.get(2).toString());
        assertThat(retry.header("PostHog-Attempt")).isEqualTo("2");
        assertThat(retry.header("PostHog-Request-Id")).isEqualTo(initial.header("PostHog-Request-Id"));
        assertThat(retry.events().get(0).get("timestamp").asString())
                .isEqualTo(initial.events().get(1).get("timestamp").asString());
        assertThat(client.stats().retries()).isEqualTo(1);
    }

    @Test
    void unknownOrMissingResultsAreFinal() {
        server.respond(r -> CaptureServer.v1Results(r.uuids().subList(0, 2), List.of("ok", "mystery")));
        client = rig.start(v1());
        captureThree();
        assertThat(client.flush()).isEqualTo(new FlushResult(true, 3, 3, 0, 0));
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void anUnparseable2xxIsFinal() {
        server.respond(r -> new MockResponse.Builder().code(200).body("<html>not json").build());
        client = rig.start(v1());
        captureThree();
        assertThat(client.flush().sent()).isEqualTo(3);
        server.respond(r -> new MockResponse.Builder().code(200).body("").build());
        client.capture("u", "empty-body");
        assertThat(client.flush().sent()).isEqualTo(1);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void retryAfterOnA200IsHonoured() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.respond(r -> calls.incrementAndGet() == 1
                ? new MockResponse.Builder(CaptureServer.v1Results(r.uuids(), List.of("retry")))
                        .setHeader("Retry-After", "4").build()
                : CaptureServer.ok());
        client = rig.start(v1());
        client.capture("u", "e");
        assertThat(client.flush().retrying()).isEqualTo(1);
        clock.advance(Duration.ofMillis(3_900));
        assertThat(client.flush().retrying()).isEqualTo(1);
        assertThat(server.requestCount()).isEqualTo(1);
        clock.advance(Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().sent() == 1);
    }

    @Test
    void a429IsFinalOnV1ButA503IsRetried() {
        server.respond(r -> CaptureServer.status(429));
        client = rig.start(v1());
        client.capture("u", "e");
        assertThat(client.flush().dropped()).isEqualTo(1);
        assertThat(client.stats().dropped(DropReason.REJECTED)).isEqualTo(1);
        server.respond(r -> CaptureServer.status(503));
        client.capture("u", "e2");
        assertThat(client.flush().retrying()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void compressionVariantsDecodeToTheSameBody(Compression compression) throws Exception {
        client = rig.start(v1().compression(compression));
        client.capture("u", "e", Map.of("k", "v"));
        client.flush();
        Received r = server.take(Duration.ofSeconds(5));
        String expected = switch (compression) {
            case GZIP -> "gzip";
            case DEFLATE -> "deflate";
            case ZSTD -> "zstd";
            case NONE -> null;
        };
        assertThat(r.header("Content-Encoding")).isEqualTo(expected);
        assertThat(r.events().get(0).get("properties").get("k").asString()).isEqualTo("v");
    }
}
