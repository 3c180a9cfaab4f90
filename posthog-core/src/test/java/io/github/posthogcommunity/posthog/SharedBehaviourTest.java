package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.Gate;
import io.github.posthogcommunity.posthog.support.ManualClock;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Behaviour both capture protocols share, run against each. */
class SharedBehaviourTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private final ManualClock clock = rig.clock;
    private final Gate gate = rig.gate;
    private PostHogClient client;


    private PostHogClientBuilder builder(CaptureProtocol protocol) {
        return TestClients.builder(server).clock(clock).captureProtocol(protocol);
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void batchesAtFlushAtAndAtTheInterval(CaptureProtocol protocol) throws Exception {
        client = rig.start(builder(protocol).flushAt(3).maxBatchSize(3).flushInterval(Duration.ofSeconds(5)));
        for (int i = 0; i < 4; i++) {
            client.capture("u", "e" + i);
        }
        assertThat(server.take(Duration.ofSeconds(5)).events()).hasSize(3);
        clock.advance(Duration.ofSeconds(5));
        assertThat(server.take(Duration.ofSeconds(5)).events()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void a503IsRetriedWithTheSameUuid(CaptureProtocol protocol) {
        AtomicInteger calls = new AtomicInteger();
        server.respond(r -> calls.incrementAndGet() == 1 ? CaptureServer.status(503) : CaptureServer.ok());
        client = rig.start(builder(protocol));
        client.capture("u", "e");
        assertThat(client.flush().retrying()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(31)); // a flush never pulls the retry forward: its backoff passes
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().sent() == 1);
        assertThat(server.requests().get(0).uuids()).isEqualTo(server.requests().get(1).uuids());
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void flushIsExactAndShutdownDrains(CaptureProtocol protocol) throws Exception {
        server.respond(r -> {
            if (r.events().get(0).get("event").asString().equals("late")) {
                gate.hold();
            }
            return CaptureServer.ok();
        });
        client = rig.start(builder(protocol).senderThreads(2));
        client.capture("u", "early");
        assertThat(client.flush().sent()).isEqualTo(1);
        client.capture("u", "late");
        CompletableFuture<FlushResult> late = client.flushAsync();
        server.take(Duration.ofSeconds(5));
        server.take(Duration.ofSeconds(5));
        assertThat(late).isNotDone();
        gate.open();
        assertThat(late.get(5, TimeUnit.SECONDS).sent()).isEqualTo(1);
        client.capture("u", "at-close");
        assertThat(client.shutdown(Duration.ofSeconds(5)).sent()).isEqualTo(1);
        PostHogStats stats = client.stats();
        assertThat(stats.pending()).isZero();
        assertThat(stats.captured()).isEqualTo(stats.sent() + stats.droppedTotal());
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void aRejectedBatchIsDroppedAndCounted(CaptureProtocol protocol) {
        server.respond(r -> CaptureServer.status(400));
        client = rig.start(builder(protocol));
        client.capture("u", "e");
        assertThat(client.flush().dropped()).isEqualTo(1);
        assertThat(client.stats().dropped(DropReason.REJECTED)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void theShutdownDeadlineHolds(CaptureProtocol protocol) {
        server.respond(r -> {
            gate.hold();
            return CaptureServer.ok();
        });
        client = rig.start(builder(protocol).flushAt(1).requestTimeout(Duration.ofSeconds(20)));
        client.capture("u", "e");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requestCount() == 1);
        long start = System.nanoTime();
        client.shutdown(Duration.ofMillis(500));
        // the bound docs/architecture.md promises ("Time bounds tests rely on"): T <= elapsed <= T + 2.5 s
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(500L, 3_000L);
        assertThat(client.stats().dropped(DropReason.SHUTDOWN)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void immutableListsAndMapsAreSentAsGivenAndMixedOnesByTheUsualRules(CaptureProtocol protocol) {
        client = rig.start(builder(protocol));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("tags", List.of("checkout", "web"));
        props.put("shipping", Map.of("country", "DE", "days", 2));
        props.put("nulls", Stream.of("x", null).toList());
        props.put("nan", List.of(1.5, Double.NaN));
        props.put("intKeys", Map.of(7, "seven"));
        client.capture("u", "e", props);
        client.flush();
        JsonNode p = server.events().get(0).get("properties");
        assertThat(p.get("tags").toString()).isEqualTo("[\"checkout\",\"web\"]");
        assertThat(p.get("shipping").get("country").asString()).isEqualTo("DE");
        assertThat(p.get("shipping").get("days").asInt()).isEqualTo(2);
        assertThat(p.get("nulls").toString()).isEqualTo("[\"x\",null]");
        assertThat(p.get("nan").toString()).isEqualTo("[1.5,null]");
        assertThat(p.get("intKeys").get("7").asString()).isEqualTo("seven");
    }
}
