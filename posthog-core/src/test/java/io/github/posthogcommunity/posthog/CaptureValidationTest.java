package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureValidationTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private PostHogClient client;


    @Test
    void blankIdsAndNamesAreDroppedAsInvalidWithoutThrowing() {
        client = rig.start(TestClients.builder(server));
        assertThat(client.capture("", "e")).isNull();
        assertThat(client.capture("  ", "e")).isNull();
        assertThat(client.capture("u", null)).isNull();
        assertThat(client.capture("u", "\t")).isNull();
        assertThat(client.identify(" ", Map.of())).isNull();
        assertThat(client.alias("u", "")).isNull();
        assertThat(client.groupIdentify("", "k", null)).isNull();
        assertThat(client.capture("u", "ok")).isNotNull();
        client.flush();
        PostHogStats stats = client.stats();
        assertThat(stats.dropped(DropReason.INVALID)).isEqualTo(7);
        assertThat(stats.captured()).isEqualTo(8);
        assertThat(stats.sent()).isEqualTo(1);
    }

    @Test
    void noIdFromTheCallerOrTheContextMakesAPersonlessEvent() {
        client = rig.start(TestClients.builder(server));
        client.capture(null, "anonymous");
        client.capture(null, "explicitly processed", null, CaptureOptions.builder().processPersonProfile(true).build());
        client.flush();
        var first = server.events().get(0);
        assertThat(java.util.UUID.fromString(first.get("distinct_id").asString())).isNotNull();
        assertThat(first.get("properties").get("$process_person_profile").asBoolean()).isFalse();
        assertThat(server.events().get(1).get("properties").get("$process_person_profile").asBoolean()).isTrue();
        assertThat(server.events().get(1).get("distinct_id").asString())
                .isNotEqualTo(first.get("distinct_id").asString());
    }

    @Test
    void headerValuesWithLineBreaksAreRejectedWithoutShowingThem() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PostHogClient.builder("k")
                        .header("X-Token", "secret\r\nInjected: 1"))
                .hasMessageContaining("X-Token").hasMessageNotContaining("secret");
    }

    @Test
    void cyclicOrAbsurdlyDeepPropertiesAreInvalid() {
        client = rig.start(TestClients.builder(server));
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> cursor = deep;
        for (int i = 0; i < 10_000; i++) {
            Map<String, Object> next = new HashMap<>();
            cursor.put("d", next);
            cursor = next;
        }
        assertThat(client.capture("u", "cyclic", cyclic)).isNull();
        assertThat(client.capture("u", "deep", deep)).isNull();
        assertThat(client.stats().dropped(DropReason.INVALID)).isEqualTo(2);
    }

    @Test
    void beforeSendHooksChainDropAndFailClosed() {
        client = TestClients.builder(server)
                .beforeSend(e -> e.event().equals("drop-me") ? null : e.withProperty("hook", 1))
                .beforeSend(e -> {
                    if (e.event().equals("explode")) {
                        throw new IllegalStateException("hook bug");
                    }
                    return e.withProperty("second", e.properties().get("hook"));
                })
                .build();
        assertThat(client.capture("u", "drop-me")).isNull();
        assertThat(client.capture("u", "explode")).isNull();
        assertThat(client.capture("u", "kept")).isNotNull();
        client.flush();
        PostHogStats stats = client.stats();
        assertThat(stats.dropped(DropReason.BEFORE_SEND)).isEqualTo(2);
        assertThat(server.events()).hasSize(1);
        assertThat(server.events().get(0).get("properties").get("second").asInt()).isEqualTo(1);
    }

    @Test
    void ambientContextSuppliesTheIdButExplicitArgumentsWin() {
        client = rig.start(TestClients.builder(server).contextSupplier(() -> new EventContext("ctx-user", "sess-1")));
        client.capture(null, "from-context");
        client.capture("explicit", "explicit", Map.of("$session_id", "mine"));
        client.flush();
        assertThat(server.events().get(0).get("distinct_id").asString()).isEqualTo("ctx-user");
        assertThat(server.events().get(0).get("properties").get("$session_id").asString()).isEqualTo("sess-1");
        assertThat(server.events().get(1).get("distinct_id").asString()).isEqualTo("explicit");
        assertThat(server.events().get(1).get("properties").get("$session_id").asString()).isEqualTo("mine");
    }

    @Test
    void aDisabledClientAcceptsCallsAndSendsNothing() {
        PostHogClient disabled = PostHogClient.disabled();
        assertThat(disabled.capture("u", "e")).isNull();
        assertThat(disabled.flush()).isEqualTo(FlushResult.empty());
        assertThat(disabled.stats().captured()).isZero();
        disabled.close();
        assertThat(disabled.isEnabled()).isFalse();
    }

    @Test
    void builderRejectsBadOptionsWithTheOptionName() {
        PostHogClientBuilder b = PostHogClient.builder("k");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.flushAt(0)).hasMessageContaining("flushAt");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.maxQueueSize(-1))
                .hasMessageContaining("maxQueueSize");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO))
                .hasMessageContaining("requestTimeout");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.host("ftp://x")).hasMessageContaining("host");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.host("not a url")).hasMessageContaining("host");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PostHogClient.builder(" ").build())
                .hasMessageContaining("projectApiKey");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.maxSenderThreads(0))
                .hasMessageContaining("maxSenderThreads");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PostHogClient.builder("k").senderThreads(8)
                .maxSenderThreads(4).build()).hasMessageContaining("maxSenderThreads").hasMessageContaining("8");
    }

    @Test
    void theSenderLimitStartsAtSenderThreadsAndTheMaximumIsAtLeastThat() {
        try (PostHogClient small = rig.start(TestClients.builder(server).senderThreads(3))) {
            assertThat(small.stats().senderLimit()).isEqualTo(3);
            assertThat(small.stats().sendersInFlight()).isZero();
        }
        // senderThreads above the default maximum: the maximum follows it (no build failure)
        try (PostHogClient large = rig.start(TestClients.builder(server).senderThreads(40))) {
            assertThat(large.stats().senderLimit()).isEqualTo(40);
        }
    }

    @Test
    void secretsNeverAppearInToString() {
        client = rig.start(TestClients.builder(server));
        assertThat(client.toString()).doesNotContain(TestClients.API_KEY);
        assertThat(PostHogClient.builder(TestClients.API_KEY).toString()).doesNotContain(TestClients.API_KEY);
        assertThat(PostHogClient.builder(TestClients.API_KEY).personalApiKey("phx_personalSecret_12345").toString())
                .doesNotContain("phx_personalSecret_12345");
    }
}
