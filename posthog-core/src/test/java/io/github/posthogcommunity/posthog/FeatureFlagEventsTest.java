package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.flags.FeatureFlagOptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code $feature_flag_called}: content, deduplication, minimal mode and opt-outs, observed on the real /batch/. */
class FeatureFlagEventsTest extends FlagsServerTestBase {

    static final String CALLED = "$feature_flag_called";

    private void answer(int times, String body) {
        for (int i = 0; i < times; i++) {
            server.flags(200, body);
        }
    }

    @Test
    void eventCarriesTheFlagResponseAndTheServerMetadata() {
        answer(1, RemoteFeatureFlagsTest.V2);
        try (PostHogClient client = server.client().build()) {
            assertThat(client.getFeatureFlag("checkout", "user-1")).isEqualTo("test");
            client.flush();
        }
        List<JsonNode> events = server.events(CALLED);
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.get("distinct_id").asString()).isEqualTo("user-1");
        JsonNode props = event.get("properties");
        assertThat(props.get("$feature_flag").asString()).isEqualTo("checkout");
        assertThat(props.get("$feature_flag_response").asString()).isEqualTo("test");
        assertThat(props.get("$feature_flag_id").asLong()).isEqualTo(12);
        assertThat(props.get("$feature_flag_version").asLong()).isEqualTo(1);
        assertThat(props.get("$feature_flag_request_id").asString()).isEqualTo("req-42");
        assertThat(props.get("$feature_flag_evaluated_at").asLong()).isEqualTo(1700000000L);
        assertThat(props.get("$feature_flag_payload").asString()).isEqualTo("\"blue\"");
        assertThat(props.get("$feature/checkout").asString()).isEqualTo("test");
        assertThat(props.get("locally_evaluated").asBoolean()).isFalse();
        assertThat(props.has("$feature_flag_error")).isFalse();
    }

    @Test
    void reasonComesFromTheResponseAndAMissingFlagIsReportedAsSuch() {
        answer(2, RemoteFeatureFlagsTest.V2);
        try (PostHogClient client = server.client().build()) {
            client.isFeatureEnabled("beta", "user-1");
            client.isFeatureEnabled("missing", "user-1");
            client.flush();
        }
        Map<String, JsonNode> byFlag = byFlag(server.events(CALLED));
        assertThat(byFlag.get("beta").get("$feature_flag_reason").asString()).isEqualTo("Matched condition set 1");
        assertThat(byFlag.get("beta").get("$feature_flag_response").asBoolean()).isTrue();
        assertThat(byFlag.get("missing").get("$feature_flag_response").isNull()).isTrue();
        assertThat(byFlag.get("missing").get("$feature_flag_error").asString()).isEqualTo("flag_missing");
    }

    @Test
    void aFailedRequestIsReportedWithItsError() {
        server.flags(500, "{}");
        try (PostHogClient client = server.client().build()) {
            client.isFeatureEnabled("beta", "user-1");
            client.flush();
        }
        JsonNode props = server.events(CALLED).get(0).get("properties");
        assertThat(props.get("$feature_flag_response").isNull()).isTrue();
        assertThat(props.get("$feature_flag_error").asString()).isEqualTo("api_error_500");
    }

    @Test
    void sameValueTwiceEmitsOneEventAndAChangedValueEmitsAnother() {
        answer(2, RemoteFeatureFlagsTest.V2);
        answer(1, RemoteFeatureFlagsTest.V2.replace("\"variant\": \"test\"", "\"variant\": \"control\""));
        try (PostHogClient client = server.client().build()) {
            assertThat(client.getFeatureFlag("checkout", "user-1")).isEqualTo("test");
            assertThat(client.getFeatureFlag("checkout", "user-1")).isEqualTo("test");
            assertThat(client.getFeatureFlag("checkout", "user-1")).isEqualTo("control");
            client.flush();
        }
        assertThat(server.events(CALLED)).extracting(e -> e.get("properties").get("$feature_flag_response").asString())
                .containsExactly("test", "control");
    }

    @Test
    void anotherPersonGetsItsOwnEvent() {
        answer(2, RemoteFeatureFlagsTest.V2);
        try (PostHogClient client = server.client().build()) {
            client.isFeatureEnabled("beta", "user-1");
            client.isFeatureEnabled("beta", "user-2");
            client.flush();
        }
        assertThat(server.events(CALLED)).extracting(e -> e.get("distinct_id").asString())
                .containsExactlyInAnyOrder("user-1", "user-2");
    }

    @Test
    void groupOrderDoesNotMatterButGroupsDo() {
        answer(3, RemoteFeatureFlagsTest.V2);
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("company", "acme");
        ab.put("team", "core");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("team", "core");
        ba.put("company", "acme");
        try (PostHogClient client = server.client().build()) {
            client.isFeatureEnabled("beta", "user-1", false, FeatureFlagOptions.builder().groups(ab).build());
            client.isFeatureEnabled("beta", "user-1", false, FeatureFlagOptions.builder().groups(ba).build());
            client.isFeatureEnabled("beta", "user-1", false, FeatureFlagOptions.builder().group("company", "other").build());
            client.flush();
        }
        List<JsonNode> events = server.events(CALLED);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("properties").get("$groups").toString())
                .isEqualTo("{\"company\":\"acme\",\"team\":\"core\"}");
        assertThat(events.get(1).get("properties").get("$groups").toString()).isEqualTo("{\"company\":\"other\"}");
    }

    @Test
    void payloadReadsAndAllFlagsEmitNothing() {
        answer(3, RemoteFeatureFlagsTest.V2);
        try (PostHogClient client = server.client().build()) {
            assertThat(client.getFeatureFlagPayload("beta", "user-1")).isEqualTo("{\"discount\":10}");
            assertThat(client.getAllFlags("user-1")).hasSize(3);
            assertThat(client.getAllFlagsAndPayloads("user-1").payloads()).hasSize(2);
            client.capture("user-1", "marker");
            client.flush();
        }
        assertThat(server.events(CALLED)).isEmpty();
        assertThat(server.events("marker")).hasSize(1);
    }

    @Test
    void eventsCanBeTurnedOffPerClientAndPerCall() {
        answer(3, RemoteFeatureFlagsTest.V2);
        try (PostHogClient quiet = server.client().sendFeatureFlagEvents(false).build()) {
            quiet.isFeatureEnabled("beta", "user-1");
            quiet.isFeatureEnabled("checkout", "user-1", false,
                    FeatureFlagOptions.builder().sendFeatureFlagEvents(true).build());
            quiet.flush();
        }
        try (PostHogClient client = server.client().build()) {
            client.getFeatureFlag("off", "user-1", FeatureFlagOptions.builder().sendFeatureFlagEvents(false).build());
            client.flush();
        }
        assertThat(server.events(CALLED)).extracting(e -> e.get("properties").get("$feature_flag").asString())
                .containsExactly("checkout");
    }

    @Test
    void minimalEventsOnlyWhenTheServerAsksAndTheFlagHasNoExperiment() {
        String minimal = """
                {"flags": {
                   "plain": {"key": "plain", "enabled": true,
                             "metadata": {"id": 1, "version": 2, "payload": "{}", "has_experiment": false}},
                   "experiment": {"key": "experiment", "enabled": true, "variant": "control",
                             "metadata": {"id": 2, "version": 5, "payload": "{}", "has_experiment": true}}},
                 "requestId": "req-min", "minimalFlagCalledEvents": true}
                """;
        answer(1, minimal);
        answer(1, minimal.replace("\"minimalFlagCalledEvents\": true", "\"minimalFlagCalledEvents\": false"));
        try (PostHogClient client = server.client().build()) {
            var flags = client.evaluateFlags("user-1");
            flags.isEnabled("plain");
            flags.getFlag("experiment");
            client.evaluateFlags("user-2").isEnabled("plain");
            client.flush();
        }
        List<JsonNode> events = server.events(CALLED);
        assertThat(events).hasSize(3);
        JsonNode plain = events.get(0).get("properties");
        assertThat(plain.get("$feature_flag").asString()).isEqualTo("plain");
        assertThat(plain.get("$feature_flag_has_experiment").asBoolean()).isFalse();
        assertThat(plain.get("$feature_flag_id").asLong()).isEqualTo(1);
        assertThat(plain.has("$feature/plain")).isFalse();
        assertThat(plain.has("$feature_flag_payload")).isFalse();
        JsonNode experiment = events.get(1).get("properties");
        assertThat(experiment.get("$feature/experiment").asString()).isEqualTo("control");
        assertThat(experiment.get("$feature_flag_payload").asString()).isEqualTo("{}");
        JsonNode notGated = events.get(2).get("properties");
        assertThat(notGated.get("$feature/plain").asBoolean()).isTrue();
    }

    private static Map<String, JsonNode> byFlag(List<JsonNode> events) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        events.forEach(e -> map.put(e.get("properties").get("$feature_flag").asString(), e.get("properties")));
        return map;
    }
}
