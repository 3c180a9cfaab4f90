package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.flags.FeatureFlagOptions;
import io.github.posthogcommunity.posthog.support.ManualClock;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.github.posthogcommunity.posthog.LocalFeatureFlagsTest.PERSONAL_KEY;
import static io.github.posthogcommunity.posthog.LocalFeatureFlagsTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remote-result cache, evaluation contexts (sent with {@code /flags}, honoured by local evaluation) and
 * remote-config payloads, against a real local server.
 */
class FlagFleetFeaturesTest extends FlagsServerTestBase {

    static final String BETA_ON = """
            {"flags": {"beta": {"key": "beta", "enabled": true, "metadata": {"id": 9, "version": 2}}},
             "requestId": "req-1"}
            """;

    private final ManualClock clock = new ManualClock();

    private PostHogClient cachingClient() {
        return server.client().clock(clock).featureFlagsResultCache(100, Duration.ofSeconds(60)).build();
    }

    private static List<String> strings(JsonNode node) {
        List<String> list = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> list.add(n.asString()));
        }
        return list;
    }

    // ---- result cache ----

    @Test
    void aCachedResultAnswersTheSameQueryWithoutARequestAndStillSendsOneDedupedEvent() {
        server.flags(200, BETA_ON);
        try (PostHogClient client = cachingClient()) {
            assertThat(client.isFeatureEnabled("beta", "user-1")).isTrue();
            assertThat(client.isFeatureEnabled("beta", "user-1")).isTrue();
            assertThat(client.getFeatureFlag("beta", "user-1")).isEqualTo(true);
            assertThat(server.flagRequests()).hasSize(1);
            assertThat(client.flagStats().resultCacheHits()).isEqualTo(2);
            assertThat(client.flagStats().resultCacheMisses()).isEqualTo(1);
            assertThat(client.flagStats().requests()).isEqualTo(1);
            client.flush();
            assertThat(server.events("$feature_flag_called")).hasSize(1);
        }
    }

    @Test
    void anotherPersonOrOtherPropertiesAreAnotherEntry() {
        server.flags(200, BETA_ON).flags(200, BETA_ON).flags(200, BETA_ON);
        try (PostHogClient client = cachingClient()) {
            client.isFeatureEnabled("beta", "user-1");
            client.isFeatureEnabled("beta", "user-2");
            client.isFeatureEnabled("beta", "user-1", false,
                    FeatureFlagOptions.builder().personProperty("plan", "pro").build());
            client.isFeatureEnabled("beta", "user-1", false,
                    FeatureFlagOptions.builder().personProperty("plan", "pro").build());
            assertThat(server.flagRequests()).hasSize(3);
        }
    }

    @Test
    void anEntryOlderThanMaxAgeIsAMissAndForceRemoteAlwaysAsks() {
        server.flags(200, BETA_ON).flags(200, BETA_ON).flags(200, BETA_ON);
        try (PostHogClient client = cachingClient()) {
            client.isFeatureEnabled("beta", "user-1");
            clock.advance(Duration.ofSeconds(59));
            client.isFeatureEnabled("beta", "user-1");
            assertThat(server.flagRequests()).hasSize(1);
            clock.advance(Duration.ofSeconds(2));
            client.isFeatureEnabled("beta", "user-1");
            assertThat(server.flagRequests()).hasSize(2);
            client.isFeatureEnabled("beta", "user-1", false, FeatureFlagOptions.builder().forceRemote(true).build());
            assertThat(server.flagRequests()).hasSize(3);
        }
    }

    @Test
    void failuresAreNeverCached() {
        server.flags(500, "{}").flags(200, BETA_ON);
        try (PostHogClient client = server.client().clock(clock).featureFlagsMaxRetries(0)
                .featureFlagsResultCache(100, Duration.ofSeconds(60)).build()) {
            assertThat(client.isFeatureEnabled("beta", "user-1")).isFalse();
            assertThat(client.isFeatureEnabled("beta", "user-1")).isTrue();
            assertThat(server.flagRequests()).hasSize(2);
        }
    }

    @Test
    void aPropertyThatCannotBeHashedBypassesTheCacheInsteadOfFailingTheRead() {
        server.flags(200, BETA_ON);
        java.util.Map<String, Object> cyclic = new java.util.HashMap<>();
        cyclic.put("self", cyclic);
        try (PostHogClient client = cachingClient()) {
            assertThat(client.isFeatureEnabled("beta", "user-1", false,
                    FeatureFlagOptions.builder().personProperty("nested", cyclic).build())).isTrue();
            assertThat(server.flagRequests()).hasSize(1);
        }
    }

    @Test
    void theResultCacheIsOffByDefault() {
        server.flags(200, BETA_ON).flags(200, BETA_ON);
        try (PostHogClient client = server.client().build()) {
            client.isFeatureEnabled("beta", "user-1");
            client.isFeatureEnabled("beta", "user-1");
            assertThat(server.flagRequests()).hasSize(2);
            assertThat(client.flagStats().resultCacheHits()).isZero();
        }
    }

    // ---- evaluation contexts ----

    @Test
    void theClientDefaultContextsAreSentAndACallReplacesThem() {
        try (PostHogClient client = server.client().featureFlagsEvaluationContexts(List.of("backend", " ", "api"))
                .build()) {
            client.isFeatureEnabled("beta", "user-1");
            client.isFeatureEnabled("beta", "user-1", false,
                    FeatureFlagOptions.builder().evaluationContexts(List.of("checkout")).build());
            client.isFeatureEnabled("beta", "user-1", false,
                    FeatureFlagOptions.builder().evaluationContexts(List.of()).build());
            List<RecordedRequest> requests = server.flagRequests();
            assertThat(strings(server.body(requests.get(0)).get("evaluation_contexts")))
                    .containsExactly("backend", "api");
            assertThat(strings(server.body(requests.get(1)).get("evaluation_contexts"))).containsExactly("checkout");
            assertThat(server.body(requests.get(2)).has("evaluation_contexts")).isFalse();
        }
    }

    @Test
    void withoutContextsNothingIsSent() {
        try (PostHogClient client = server.client().build()) {
            client.isFeatureEnabled("beta", "user-1");
            assertThat(server.body(server.onlyFlagRequest()).has("evaluation_contexts")).isFalse();
        }
    }

    static final String TAGGED_DEFINITIONS = """
            {"flags": [
               {"id": 1, "key": "web-only", "active": true, "evaluation_tags": ["web"],
                "filters": {"groups": [{"properties": [], "rollout_percentage": 100}]}},
               {"id": 2, "key": "backend-flag", "active": true, "evaluation_tags": ["backend", "jobs"],
                "filters": {"groups": [{"properties": [], "rollout_percentage": 100}]}},
               {"id": 3, "key": "untagged", "active": true,
                "filters": {"groups": [{"properties": [], "rollout_percentage": 100}]}}
             ],
             "group_type_mapping": {}, "cohorts": {}}
            """;

    @Test
    void localEvaluationLeavesOutFlagsWhoseTagsAreNotAmongTheContexts() {
        server.definitions(200, TAGGED_DEFINITIONS);
        try (PostHogClient client = server.client().personalApiKey(PERSONAL_KEY).featureFlagsWaitForFirstLoad(WAIT)
                .featureFlagsEvaluationContexts(List.of("backend")).build()) {
            assertThat(client.getAllFlags("user-1")).containsOnlyKeys("backend-flag", "untagged");
            assertThat(client.getFeatureFlag("web-only", "user-1")).isNull();
            assertThat(client.getFeatureFlag("backend-flag", "user-1")).isEqualTo(true);
            FeatureFlagOptions web = FeatureFlagOptions.builder().evaluationContexts(List.of("web")).build();
            assertThat(client.getAllFlags("user-1", web)).containsOnlyKeys("web-only", "untagged");
            FeatureFlagOptions none = FeatureFlagOptions.builder().evaluationContexts(List.of()).build();
            assertThat(client.getAllFlags("user-1", none)).containsOnlyKeys("web-only", "backend-flag", "untagged");
            assertThat(server.flagRequests()).isEmpty();
        }
    }

    // ---- remote config ----

    @Test
    void remoteConfigPayloadIsReadWithThePersonalKeyAndUnwrapped() {
        server.remoteConfig("banner config", 200, "\"{\\\"title\\\":\\\"Hi\\\"}\"");
        try (PostHogClient client = server.client().personalApiKey(PERSONAL_KEY).build()) {
            assertThat(client.getRemoteConfigPayload("banner config")).isEqualTo("{\"title\":\"Hi\"}");
            RecordedRequest request = server.remoteConfigRequests().get(0);
            assertThat(request.getMethod()).isEqualTo("GET");
            assertThat(request.getUrl().encodedPath())
                    .isEqualTo("/api/projects/@current/feature_flags/banner%20config/remote_config");
            assertThat(request.getUrl().queryParameter("token")).isEqualTo(FlagsTestServer.KEY);
            assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + PERSONAL_KEY);
        }
    }

    @Test
    void aNonStringPayloadIsReturnedAsSentAndAnUnknownFlagIsNull() {
        server.remoteConfig("limits", 200, "{\"max\": 5}");
        try (PostHogClient client = server.client().personalApiKey(PERSONAL_KEY).build()) {
            assertThat(client.getRemoteConfigPayload("limits")).isEqualTo("{\"max\": 5}");
            assertThat(client.getRemoteConfigPayload("missing")).isNull();
            assertThat(client.getRemoteConfigPayload(" ")).isNull();
        }
    }

    @Test
    void withoutAPersonalKeyThereIsNoRequest() {
        server.remoteConfig("limits", 200, "{\"max\": 5}");
        try (PostHogClient client = server.client().build()) {
            assertThat(client.getRemoteConfigPayload("limits")).isNull();
            assertThat(server.remoteConfigRequests()).isEmpty();
        }
    }

    @Test
    void anErrorAnswerIsNull() {
        server.remoteConfig("limits", 401, "{\"detail\": \"bad key\"}");
        try (PostHogClient client = server.client().personalApiKey(PERSONAL_KEY).build()) {
            assertThat(client.getRemoteConfigPayload("limits")).isNull();
        }
    }
}
