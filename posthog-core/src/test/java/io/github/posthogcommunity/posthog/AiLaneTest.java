package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AiLaneTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private PostHogClient client;


    private static long aiThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains("-ai-") && t.isAlive()).count();
    }

    @Test
    void aiEventsGoToTheirOwnEndpointKeepingTheCallerUuid() {
        client = rig.start(TestClients.builder(server));
        UUID uuid = UUID.randomUUID();
        UUID sent = client.captureAi("u", "$ai_generation", Map.of("$ai_model", "m"),
                CaptureOptions.builder().uuid(uuid).build());
        client.capture("u", "$ai_span"); // plain capture is never rerouted
        client.flush();
        assertThat(sent).isEqualTo(uuid);
        assertThat(server.requests()).hasSize(2);
        CaptureServer.Received ai = server.requests().stream()
                .filter(r -> r.raw().getUrl().encodedPath().equals("/i/v0/ai/batch/")).findFirst().orElseThrow();
        assertThat(ai.json().propertyNames()).containsExactly("api_key", "batch", "sent_at");
        assertThat(ai.uuids()).containsExactly(uuid.toString());
        assertThat(ai.events().get(0).get("event").asString()).isEqualTo("$ai_generation");
        CaptureServer.Received plain = server.requests().stream()
                .filter(r -> r.raw().getUrl().encodedPath().equals("/batch/")).findFirst().orElseThrow();
        assertThat(plain.events().get(0).get("event").asString()).isEqualTo("$ai_span");
    }

    @Test
    void theLaneStartsOnFirstUseAndItsStatsAreSeparateAndInTheTotals() {
        client = rig.start(TestClients.builder(server));
        client.capture("u", "plain");
        client.flush();
        assertThat(aiThreads()).isZero();
        assertThat(client.aiStats().captured()).isZero();
        client.captureAi("u", "$ai_generation", Map.of());
        client.captureAi("u", "$ai_generation", Map.of("$ai_input", "x".repeat(1024 * 1024)));
        client.flush();
        PostHogStats ai = client.aiStats();
        assertThat(ai.captured()).isEqualTo(2);
        assertThat(ai.sent()).isEqualTo(1);
        assertThat(ai.dropped(DropReason.TOO_LARGE)).isEqualTo(1);
        PostHogStats total = client.stats();
        assertThat(total.captured()).isEqualTo(3);
        assertThat(total.sent()).isEqualTo(2);
        assertThat(total.captured()).isEqualTo(total.sent() + total.droppedTotal() + total.pending());
    }

    @Test
    void shutdownDrainsBothLanes() {
        client = rig.start(TestClients.builder(server));
        client.capture("u", "plain");
        client.captureAi("u", "$ai_generation", Map.of());
        ShutdownResult result = client.shutdown(Duration.ofSeconds(5));
        assertThat(result.sent()).isEqualTo(2);
        assertThat(client.captureAi("u", "$ai_generation", Map.of())).isNull();
        assertThat(client.stats().pending()).isZero();
    }
}
