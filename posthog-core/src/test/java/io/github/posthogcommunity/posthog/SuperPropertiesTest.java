package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuperPropertiesTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;

    @AfterEach
    void clearThread() {
        PostHogContext.clear();
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void builderAndRuntimeSuperPropertiesAreOnEveryEvent(CaptureProtocol protocol) {
        PostHogClient client = rig.start(TestClients.builder(server).captureProtocol(protocol)
                .superProperty("app.version", "1.2.3").superProperties(Map.of("deployment.environment", "prod")));
        client.capture("u", "first");
        client.register("build", 42);
        client.identify("u", Map.of("email", "a@b.c"));
        assertThat(client.unregister("app.version")).isTrue();
        assertThat(client.unregister("app.version")).isFalse();
        client.capture("u", "third");
        client.flush();
        List<JsonNode> events = server.events();
        assertThat(props(events.get(0)).get("app.version").asString()).isEqualTo("1.2.3");
        assertThat(props(events.get(0)).get("deployment.environment").asString()).isEqualTo("prod");
        assertThat(props(events.get(0)).has("build")).isFalse();
        assertThat(props(events.get(1)).get("build").asInt()).isEqualTo(42);
        assertThat(props(events.get(1)).get("app.version").asString()).isEqualTo("1.2.3");
        assertThat(props(events.get(2)).has("app.version")).isFalse();
        assertThat(props(events.get(2)).get("build").asInt()).isEqualTo(42);
        assertThat(client.superProperties()).containsOnlyKeys("deployment.environment", "build");
    }

    @Test
    void callerPropertiesAndContextTagsWin() {
        PostHogClient client = rig.start(TestClients.builder(server)
                .superProperties(Map.of("plan", "super", "tenant", "super", "only", "super")));
        try (PostHogScope scope = PostHogContext.scope().tag("tenant", "context").open()) {
            client.capture("u", "e", Map.of("plan", "caller"));
        }
        client.flush();
        JsonNode props = props(server.events().get(0));
        assertThat(props.get("plan").asString()).isEqualTo("caller");
        assertThat(props.get("tenant").asString()).isEqualTo("context");
        assertThat(props.get("only").asString()).isEqualTo("super");
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void theSdksOwnDollarPropertiesCannotBeOverridden(CaptureProtocol protocol) {
        Map<String, Object> supers = new HashMap<>();
        supers.put("$is_server", false);
        supers.put("$session_id", "super-session");
        supers.put("$process_person_profile", true);
        supers.put("$geoip_disable", false);
        supers.put("$custom", "kept");
        PostHogClient client = rig.start(TestClients.builder(server).captureProtocol(protocol).disableGeoip(true)
                .superProperties(supers));
        try (PostHogScope scope = PostHogContext.scope().sessionId("s1").open()) {
            client.capture(null, "personless");
        }
        client.flush();
        JsonNode event = server.events().get(0);
        JsonNode props = props(event);
        assertThat(props.get("$is_server").asBoolean()).isTrue();
        assertThat(props.get("$geoip_disable").asBoolean()).isTrue();
        assertThat(props.get("$custom").asString()).isEqualTo("kept");
        if (protocol == CaptureProtocol.V1) {
            assertThat(event.get("session_id").asString()).isEqualTo("s1");
            assertThat(event.get("options").get("process_person_profile").asBoolean()).isFalse();
        } else {
            assertThat(props.get("$session_id").asString()).isEqualTo("s1");
            assertThat(props.get("$process_person_profile").asBoolean()).isFalse();
        }
    }

    @Test
    void libKeysAreReservedAndBadKeysOrValuesAreRejected() {
        PostHogClient client = rig.start(TestClients.builder(server));
        assertThatThrownBy(() -> client.register("$lib", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.register(" ", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.register(null, "x")).isInstanceOf(IllegalArgumentException.class);
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        assertThatThrownBy(() -> client.register("cyclic", cyclic)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostHogClient.builder("phc_x").superProperty("$lib_version", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(client.superProperties()).isEmpty();
        assertThat(client.unregister(null)).isFalse();
    }

    @Test
    void valuesAreCopiedWhenRegistered() {
        PostHogClient client = rig.start(TestClients.builder(server));
        List<String> regions = new ArrayList<>(List.of("eu"));
        client.register("regions", regions);
        regions.add("us");
        client.capture("u", "e");
        client.flush();
        assertThat(props(server.events().get(0)).get("regions").size()).isEqualTo(1);
        assertThatThrownBy(() -> client.superProperties().put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void registeringWhileOtherThreadsCaptureIsSafe() throws Exception {
        PostHogClient client = rig.start(TestClients.builder(server).maxQueueSize(100_000));
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(2);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                started.countDown();
                for (int i = 0; i < 5_000 && !stop.get(); i++) {
                    client.capture("u", "e");
                }
            });
            thread.start();
            threads.add(thread);
        }
        started.await();
        for (int i = 0; i < 500; i++) {
            client.register("k" + (i % 10), i);
            client.unregister("k" + ((i + 5) % 10));
        }
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        client.flush();
        PostHogStats stats = client.stats();
        assertThat(stats.droppedTotal()).isZero();
        assertThat(stats.sent()).isEqualTo(stats.captured());
    }

    private static JsonNode props(JsonNode event) {
        return event.get("properties");
    }
}
