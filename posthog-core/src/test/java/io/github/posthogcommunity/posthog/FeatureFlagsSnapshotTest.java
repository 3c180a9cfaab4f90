package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.flags.FeatureFlagsSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code evaluateFlags}: one request, offline accessors, filters that never change the parent, capture attach. */
class FeatureFlagsSnapshotTest extends FlagsServerTestBase {

    @BeforeEach
    void setUp() {
        server.flags(200, RemoteFeatureFlagsTest.V2);
    }

    @Test
    void oneRequestThenEveryAccessorIsOffline() {
        try (PostHogClient client = server.client().build()) {
            FeatureFlagsSnapshot flags = client.evaluateFlags("user-1");
            assertThat(server.flagRequests()).hasSize(1);
            assertThat(flags.distinctId()).isEqualTo("user-1");
            assertThat(flags.evaluationFailed()).isFalse();
            assertThat(flags.isEnabled("beta")).isTrue();
            assertThat(flags.isEnabled("checkout")).isTrue();
            assertThat(flags.isEnabled("off", true)).isFalse();
            assertThat(flags.isEnabled("missing", true)).isTrue();
            assertThat(flags.getFlag("checkout")).isEqualTo("test");
            assertThat(flags.getFlag("missing")).isNull();
            assertThat(flags.getPayload("beta")).isEqualTo("{\"discount\":10}");
            assertThat(flags.keys()).containsExactly("beta", "checkout", "off");
            assertThat(flags.values()).containsExactly(Map.entry("beta", true), Map.entry("checkout", "test"),
                    Map.entry("off", false));
            flags.only("beta").isEnabled("beta");
            flags.onlyAccessed().getFlag("checkout");
            assertThat(server.flagRequests()).hasSize(1);
            assertThat(client.flagStats().requests()).isEqualTo(1);
        }
    }

    @Test
    void filtersReturnNewSnapshotsAndNeverChangeTheParent() {
        try (PostHogClient client = server.client().build()) {
            FeatureFlagsSnapshot flags = client.evaluateFlags("user-1");
            assertThat(flags.onlyAccessed().keys()).isEmpty();
            flags.isEnabled("checkout");
            flags.getPayload("beta");
            FeatureFlagsSnapshot accessed = flags.onlyAccessed();
            assertThat(accessed.keys()).containsExactly("checkout");

            FeatureFlagsSnapshot only = flags.only(List.of("beta", "off", "missing"));
            assertThat(only.keys()).containsExactly("beta", "off");
            only.isEnabled("beta");
            assertThat(only.onlyAccessed().keys()).containsExactly("beta");
            accessed.getFlag("beta");

            assertThat(flags.keys()).containsExactly("beta", "checkout", "off");
            assertThat(flags.onlyAccessed().keys()).containsExactly("checkout");
            assertThat(accessed.keys()).containsExactly("checkout");
            assertThat(only.getFlag("checkout")).isNull();
        }
    }

    @Test
    void captureAttachesEveryFlagAndTheActiveOnes() {
        try (PostHogClient client = server.client().build()) {
            FeatureFlagsSnapshot flags = client.evaluateFlags("user-1");
            client.capture("user-1", "page_viewed", Map.of("path", "/home"),
                    CaptureOptions.builder().flags(flags).build());
            flags.isEnabled("checkout");
            client.capture("user-1", "clicked", null, CaptureOptions.builder().flags(flags.onlyAccessed()).build());
            client.flush();
        }
        JsonNode viewed = server.events("page_viewed").get(0).get("properties");
        assertThat(viewed.get("$feature/beta").asBoolean()).isTrue();
        assertThat(viewed.get("$feature/checkout").asString()).isEqualTo("test");
        assertThat(viewed.get("$feature/off").asBoolean()).isFalse();
        assertThat(viewed.get("$active_feature_flags").toString()).isEqualTo("[\"beta\",\"checkout\"]");
        assertThat(names(viewed)).containsExactly("path", "$is_server", "$lib", "$lib_version", "$feature/beta",
                "$feature/checkout", "$feature/off", "$active_feature_flags");

        JsonNode clicked = server.events("clicked").get(0).get("properties");
        assertThat(clicked.has("$feature/beta")).isFalse();
        assertThat(clicked.get("$feature/checkout").asString()).isEqualTo("test");
        assertThat(clicked.get("$active_feature_flags").toString()).isEqualTo("[\"checkout\"]");
    }

    @Test
    void attachingFlagsEmitsNoFlagEventButSnapshotAccessDoes() {
        try (PostHogClient client = server.client().build()) {
            FeatureFlagsSnapshot flags = client.evaluateFlags("user-1");
            client.capture("user-1", "page_viewed", null, CaptureOptions.builder().flags(flags).build());
            client.flush();
            assertThat(server.events("$feature_flag_called")).isEmpty();
            flags.isEnabled("beta");
            flags.isEnabled("beta");
            flags.getFlag("checkout");
            flags.getPayload("off");
            client.flush();
        }
        assertThat(server.events("$feature_flag_called"))
                .extracting(e -> e.get("properties").get("$feature_flag").asString())
                .containsExactly("beta", "checkout");
    }

    @Test
    void aFailedEvaluationIsAnEmptySnapshot() {
        server.flagRequests().clear();
        try (PostHogClient client = server.client().build()) {
            client.evaluateFlags("user-1");
            server.flags(503, "{}");
            FeatureFlagsSnapshot flags = client.evaluateFlags("user-1");
            assertThat(flags.evaluationFailed()).isTrue();
            assertThat(flags.keys()).isEmpty();
            assertThat(flags.isEnabled("beta", true)).isTrue();
            client.capture("user-1", "page_viewed", null, CaptureOptions.builder().flags(flags).build());
            client.flush();
        }
        JsonNode viewed = server.events("page_viewed").get(0).get("properties");
        assertThat(viewed.has("$active_feature_flags")).isFalse();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
