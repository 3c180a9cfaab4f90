package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PersonlessCaptureTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;

    @AfterEach
    void clearThread() {
        PostHogContext.clear();
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void personlessOnPurposeWithAndWithoutADistinctId(CaptureProtocol protocol) {
        PostHogClient client = rig.start(TestClients.builder(server).captureProtocol(protocol));
        client.capture(null, "anonymous", Map.of("page", "/"), CaptureOptions.personless());
        client.capture(null, "anonymous again", null, CaptureOptions.personless());
        client.capture("known-user", "known", Map.of("$process_person_profile", true), CaptureOptions.personless());
        client.capture("known-user", "combined", null, CaptureOptions.builder().processPersonProfile(true)
                .personless().group("company", "acme").build());
        client.flush();
        List<JsonNode> events = server.events();
        String first = events.get(0).get("distinct_id").asString();
        assertThat(UUID.fromString(first)).isNotNull();
        assertThat(events.get(1).get("distinct_id").asString()).isNotEqualTo(first);
        assertThat(events.get(2).get("distinct_id").asString()).isEqualTo("known-user");
        assertThat(events.get(3).get("distinct_id").asString()).isEqualTo("known-user");
        for (JsonNode event : events) {
            assertThat(processPersonProfile(event, protocol)).isFalse();
        }
        assertThat(events.get(3).get("properties").get("$groups").get("company").asString()).isEqualTo("acme");
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void personlessInsideAScopeKeepsTheScopesIdButCreatesNoProfile(CaptureProtocol protocol) {
        PostHogClient client = rig.start(TestClients.builder(server).captureProtocol(protocol));
        try (PostHogScope scope = PostHogContext.scope().distinctId("scoped").open()) {
            client.capture(null, "e", null, CaptureOptions.personless());
        }
        client.flush();
        JsonNode event = server.events().get(0);
        assertThat(event.get("distinct_id").asString()).isEqualTo("scoped");
        assertThat(processPersonProfile(event, protocol)).isFalse();
    }

    private static boolean processPersonProfile(JsonNode event, CaptureProtocol protocol) {
        return protocol == CaptureProtocol.V1 ? event.get("options").get("process_person_profile").asBoolean()
                : event.get("properties").get("$process_person_profile").asBoolean();
    }
}
