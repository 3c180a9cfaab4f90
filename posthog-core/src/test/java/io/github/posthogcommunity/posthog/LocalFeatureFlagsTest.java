package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.flags.FeatureFlagOptions;
import io.github.posthogcommunity.posthog.flags.FeatureFlagResult;
import io.github.posthogcommunity.posthog.flags.FeatureFlagStats;
import io.github.posthogcommunity.posthog.flags.FeatureFlagsAndPayloads;
import io.github.posthogcommunity.posthog.flags.FeatureFlagsSnapshot;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.JdkHttpTransport;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Local evaluation wired into the public flag API, against a real local server serving {@code /flags/definitions}
 * and {@code /flags/}: what is decided locally makes no request, what is not makes one request for those keys
 * only, and the poller lives exactly as long as the client.
 */
class LocalFeatureFlagsTest extends FlagsServerTestBase {

    static final String PERSONAL_KEY = "phx_personal_key_456";
    static final Duration WAIT = Duration.ofSeconds(10);

    /** {@code local-on}: plan is pro (decidable with the plan); {@code needs-email}: needs the email. */
    static final String DEFINITIONS = """
            {"flags": [
               {"id": 1, "key": "local-on", "active": true, "version": 3,
                "filters": {"groups": [{"properties": [{"key": "plan", "value": ["pro"], "operator": "exact",
                                                         "type": "person"}],
                                        "rollout_percentage": 100}],
                            "payloads": {"true": "{\\"a\\":1}"}}},
               {"id": 2, "key": "needs-email", "active": true, "version": 1,
                "filters": {"groups": [{"properties": [{"key": "email", "value": "@example.com",
                                                         "operator": "icontains", "type": "person"}],
                                        "rollout_percentage": 100}]}},
               {"id": 3, "key": "local-off", "active": false, "version": 1,
                "filters": {"groups": [{"properties": [], "rollout_percentage": 100}]}}
             ],
             "group_type_mapping": {}, "cohorts": {}}
            """;

    /** What the server answers for {@code needs-email}. */
    static final String REMOTE_NEEDS_EMAIL = """
            {"flags": {"needs-email": {"key": "needs-email", "enabled": true, "variant": "remote-variant",
                                       "metadata": {"id": 2, "version": 1}}},
             "requestId": "req-7"}
            """;

    static final FeatureFlagOptions PRO = FeatureFlagOptions.builder().personProperty("plan", "pro").build();

    /** A client with local evaluation whose first load is done when it is returned. */
    private PostHogClient localClient() {
        server.definitions(200, DEFINITIONS);
        PostHogClient client = server.client().personalApiKey(PERSONAL_KEY).featureFlagsWaitForFirstLoad(WAIT).build();
        assertThat(client.flagStats().definitionsCount()).isEqualTo(3);
        return client;
    }

    private List<String> keysAsked(RecordedRequest request) {
        JsonNode keys = server.body(request).get("flag_keys_to_evaluate");
        if (keys == null) {
            return null;
        }
        List<String> list = new ArrayList<>();
        keys.forEach(k -> list.add(k.asString()));
        return list;
    }

    @Test
    void aLocallyDecidedFlagMakesNoFlagsRequest() {
        try (PostHogClient client = localClient()) {
            assertThat(client.getFeatureFlag("local-on", "user-1", PRO)).isEqualTo(true);
            assertThat(client.isFeatureEnabled("local-off", "user-1", true, PRO)).isFalse();
            assertThat(client.getFeatureFlagPayload("local-on", "user-1", PRO)).isEqualTo("{\"a\":1}");
            assertThat(client.getFeatureFlagResult("local-on", "user-1", PRO))
                    .isEqualTo(new FeatureFlagResult("local-on", true, null, "{\"a\":1}"));
            // a person without the plan is decided too: the property is known (not pro), so no match
            assertThat(client.getFeatureFlag("local-on", "user-2",
                    FeatureFlagOptions.builder().personProperty("plan", "free").build())).isEqualTo(false);
            assertThat(server.flagRequests()).isEmpty();
            FeatureFlagStats stats = client.flagStats();
            assertThat(stats.requests()).isZero();
            assertThat(stats.localEvaluations()).isEqualTo(5);
            assertThat(stats.localFallbacks()).isZero();
            assertThat(stats.localEvaluationEnabled()).isTrue();
            assertThat(stats.lastSuccessfulLoad()).isNotNull();
        }
        RecordedRequest definitions = server.definitionRequests().get(0);
        assertThat(definitions.getHeaders().get("Authorization")).isEqualTo("Bearer " + PERSONAL_KEY);
        assertThat(definitions.getTarget()).isEqualTo("/flags/definitions?token=" + FlagsTestServer.KEY + "&send_cohorts");
    }

    @Test
    void definitionLoadsCarryTheClientsCustomHeadersAndUserAgent() {
        server.definitions(200, DEFINITIONS);
        try (PostHogClient client = server.client().personalApiKey(PERSONAL_KEY).header("X-Proxy-Token", "t-1")
                .header("Authorization", "Bearer not-the-personal-key").featureFlagsWaitForFirstLoad(WAIT).build()) {
            assertThat(client.flagStats().definitionsCount()).isEqualTo(3);
        }
        RecordedRequest definitions = server.definitionRequests().get(0);
        assertThat(definitions.getHeaders().get("X-Proxy-Token")).isEqualTo("t-1");
        assertThat(definitions.getHeaders().values("Authorization")).containsExactly("Bearer " + PERSONAL_KEY);
        assertThat(definitions.getHeaders().get("User-Agent")).startsWith(PostHogClient.SDK_NAME);
    }

    @Test
    void anInconclusiveFlagMakesExactlyOneRequestForThatKeyOnly() {
        server.flags(200, REMOTE_NEEDS_EMAIL);
        try (PostHogClient client = localClient()) {
            assertThat(client.getFeatureFlag("needs-email", "user-1", PRO)).isEqualTo("remote-variant");
            FeatureFlagStats stats = client.flagStats();
            assertThat(stats.requests()).isEqualTo(1);
            assertThat(stats.localFallbacks()).isEqualTo(1);
            assertThat(stats.localEvaluations()).isZero();
        }
        assertThat(keysAsked(server.onlyFlagRequest())).containsExactly("needs-email");
        assertThat(server.body(server.onlyFlagRequest()).get("person_properties").get("plan").asString())
                .isEqualTo("pro");
    }

    @Test
    void aFlagMissingFromTheDefinitionsIsAskedFromTheServer() {
        try (PostHogClient client = localClient()) {
            assertThat(client.getFeatureFlag("created-since-last-poll", "user-1", PRO)).isNull();
        }
        assertThat(keysAsked(server.onlyFlagRequest())).containsExactly("created-since-last-poll");
    }

    @Test
    void getAllFlagsAsksTheServerOnlyForTheInconclusiveKeysAndKeepsTheLocalValues() {
        // the server also (wrongly) answers local-on: the local value stands
        server.flags(200, """
                {"flags": {"local-on": {"key": "local-on", "enabled": false, "variant": null},
                           "needs-email": {"key": "needs-email", "enabled": true, "variant": "remote-variant"}}}""");
        try (PostHogClient client = localClient()) {
            Map<String, Object> all = client.getAllFlags("user-1", PRO);
            assertThat(all).containsExactlyInAnyOrderEntriesOf(Map.of("local-on", true, "local-off", false,
                    "needs-email", "remote-variant"));
        }
        assertThat(keysAsked(server.onlyFlagRequest())).containsExactly("needs-email");
    }

    @Test
    void getAllFlagsIsFullyLocalWhenEveryFlagIsDecided() {
        FeatureFlagOptions known = FeatureFlagOptions.builder().personProperty("plan", "pro")
                .personProperty("email", "ann@example.com").build();
        try (PostHogClient client = localClient()) {
            FeatureFlagsAndPayloads all = client.getAllFlagsAndPayloads("user-1", known);
            assertThat(all.flags()).isEqualTo(Map.of("local-on", true, "local-off", false, "needs-email", true));
            assertThat(all.payloads()).isEqualTo(Map.of("local-on", "{\"a\":1}"));
            FeatureFlagsSnapshot snapshot = client.evaluateFlags("user-1", known);
            assertThat(snapshot.evaluationFailed()).isFalse();
            assertThat(snapshot.isEnabled("needs-email")).isTrue();
            assertThat(client.flagStats().localEvaluations()).isEqualTo(2);
        }
        assertThat(server.flagRequests()).isEmpty();
    }

    @Test
    void narrowedKeysAreEvaluatedLocallyAndOnlyTheUndecidedOnesAsked() {
        server.flags(200, REMOTE_NEEDS_EMAIL);
        try (PostHogClient client = localClient()) {
            FeatureFlagsSnapshot snapshot = client.evaluateFlags("user-1", FeatureFlagOptions.builder()
                    .personProperty("plan", "pro").flagKeys(List.of("local-on", "needs-email")).build());
            assertThat(snapshot.values()).isEqualTo(Map.of("local-on", true, "needs-email", "remote-variant"));
        }
        assertThat(keysAsked(server.onlyFlagRequest())).containsExactly("needs-email");
    }

    @Test
    void groupFlagsAreEvaluatedLocallyWithTheGroupsAndTheirProperties() {
        server.definitions(200, """
                {"flags": [{"id": 9, "key": "company-flag", "active": true,
                            "filters": {"aggregation_group_type_index": 0,
                                        "groups": [{"properties": [{"key": "tier", "value": ["gold"],
                                                                    "operator": "exact", "type": "group",
                                                                    "group_type_index": 0}],
                                                    "rollout_percentage": 100}]}}],
                 "group_type_mapping": {"0": "company"}, "cohorts": {}}""");
        try (PostHogClient client = server.client().personalApiKey(PERSONAL_KEY).featureFlagsWaitForFirstLoad(WAIT)
                .build()) {
            FeatureFlagOptions gold = FeatureFlagOptions.builder().group("company", "acme")
                    .groupProperties("company", Map.of("tier", "gold")).build();
            FeatureFlagOptions silver = FeatureFlagOptions.builder().group("company", "acme")
                    .groupProperties("company", Map.of("tier", "silver")).build();
            assertThat(client.getFeatureFlag("company-flag", "user-1", gold)).isEqualTo(true);
            assertThat(client.getFeatureFlag("company-flag", "user-1", silver)).isEqualTo(false);
            // without the group, a group flag is not this person's: decided locally as well
            assertThat(client.getFeatureFlag("company-flag", "user-1")).isEqualTo(false);
            client.flush();
        }
        assertThat(server.flagRequests()).isEmpty();
        JsonNode first = server.events(FeatureFlagEventsTest.CALLED).get(0);
        assertThat(first.get("properties").get("$groups").get("company").asString()).isEqualTo("acme");
    }

    @Test
    void onlyEvaluateLocallyNeverAsksTheServerAndLeavesUndecidedFlagsAbsent() {
        FeatureFlagOptions localOnly = FeatureFlagOptions.builder().personProperty("plan", "pro")
                .onlyEvaluateLocally(true).build();
        try (PostHogClient client = localClient()) {
            assertThat(client.getFeatureFlag("needs-email", "user-1", localOnly)).isNull();
            assertThat(client.isFeatureEnabled("needs-email", "user-1", true, localOnly)).isTrue();
            assertThat(client.getFeatureFlag("local-on", "user-1", localOnly)).isEqualTo(true);
            assertThat(client.getAllFlags("user-1", localOnly))
                    .isEqualTo(Map.of("local-on", true, "local-off", false));
            client.flush();
        }
        assertThat(server.flagRequests()).isEmpty();
        // the undecided flag was asked of nobody: no event claims it is missing
        assertThat(server.events(FeatureFlagEventsTest.CALLED)).extracting(e -> e.get("properties")
                .get("$feature_flag").asString()).containsExactly("local-on");
    }

    @Test
    void forceRemoteIgnoresLocalEvaluation() {
        server.flags(200, """
                {"flags": {"local-on": {"key": "local-on", "enabled": false, "variant": null}}}""");
        try (PostHogClient client = localClient()) {
            assertThat(client.getFeatureFlag("local-on", "user-1", FeatureFlagOptions.builder()
                    .personProperty("plan", "pro").forceRemote(true).build())).isEqualTo(false);
            client.flush();
        }
        assertThat(keysAsked(server.onlyFlagRequest())).containsExactly("local-on");
        JsonNode props = server.events(FeatureFlagEventsTest.CALLED).get(0).get("properties");
        assertThat(props.get("locally_evaluated").asBoolean()).isFalse();
    }

    @Test
    void eventsSayWhetherTheValueWasEvaluatedLocally() {
        server.flags(200, REMOTE_NEEDS_EMAIL);
        try (PostHogClient client = localClient()) {
            client.getFeatureFlag("local-on", "user-1", PRO);
            client.getFeatureFlag("needs-email", "user-1", PRO);
            client.flush();
        }
        List<JsonNode> events = server.events(FeatureFlagEventsTest.CALLED);
        assertThat(events).hasSize(2);
        JsonNode local = events.get(0).get("properties");
        assertThat(local.get("$feature_flag").asString()).isEqualTo("local-on");
        assertThat(local.get("$feature_flag_response").asBoolean()).isTrue();
        assertThat(local.get("locally_evaluated").asBoolean()).isTrue();
        assertThat(local.get("$feature_flag_id").asLong()).isEqualTo(1);
        assertThat(local.get("$feature_flag_version").asLong()).isEqualTo(3);
        assertThat(local.get("$feature_flag_reason").asString()).isEqualTo("condition_match");
        assertThat(local.get("$feature_flag_payload").asString()).isEqualTo("{\"a\":1}");
        assertThat(local.has("$feature_flag_request_id")).isFalse();
        JsonNode remote = events.get(1).get("properties");
        assertThat(remote.get("$feature_flag").asString()).isEqualTo("needs-email");
        assertThat(remote.get("locally_evaluated").asBoolean()).isFalse();
        assertThat(remote.get("$feature_flag_request_id").asString()).isEqualTo("req-7");
    }

    @Test
    void aFailedFallbackKeepsTheLocalValuesAndReportsTheFailure() {
        server.flags(500, "{}");
        try (PostHogClient client = localClient()) {
            FeatureFlagsSnapshot snapshot = client.evaluateFlags("user-1", PRO);
            assertThat(snapshot.evaluationFailed()).isTrue();
            assertThat(snapshot.values()).isEqualTo(Map.of("local-on", true, "local-off", false));
            assertThat(snapshot.isEnabled("needs-email", true)).isTrue();
            client.flush();
        }
        JsonNode props = server.events(FeatureFlagEventsTest.CALLED).get(0).get("properties");
        assertThat(props.get("$feature_flag_error").asString()).isEqualTo("api_error_500");
    }

    @Test
    void withoutLoadedDefinitionsEverythingGoesToTheServerInOneRequest() {
        server.definitions(500, "{}");
        server.flags(200, RemoteFeatureFlagsTest.V2);
        try (PostHogClient client = server.client().personalApiKey(PERSONAL_KEY)
                .featureFlagsWaitForFirstLoad(WAIT).build()) {
            assertThat(server.definitionRequests()).hasSize(1);
            assertThat(client.getAllFlags("user-1", PRO)).containsEntry("checkout", "test");
            assertThat(client.flagStats().definitionsCount()).isZero();
            assertThat(client.flagStats().lastSuccessfulLoad()).isNull();
        }
        assertThat(keysAsked(server.onlyFlagRequest())).isNull();
    }

    @Test
    void withoutAPersonalKeyThereIsNoPollerAndNoRequestOnInitOrCapture() {
        server.definitions(200, DEFINITIONS);
        Set<Thread> before = pollerThreads();
        try (PostHogClient client = server.client().build()) {
            assertThat(pollerThreads()).isEqualTo(before);
            client.capture("user-1", "signed_up");
            client.flush();
            assertThat(server.flagRequests()).isEmpty();
            FeatureFlagStats stats = client.flagStats();
            assertThat(stats.localEvaluationEnabled()).isFalse();
            assertThat(stats).isEqualTo(new FeatureFlagStats(0, 0, 0));
            // reads stay remote
            client.getFeatureFlag("local-on", "user-1", PRO);
            assertThat(server.flagRequests()).hasSize(1);
        }
        assertThat(server.definitionRequests()).isEmpty();
    }

    @Test
    void theFirstLoadRunsOnThePollerThreadAndBuildDoesNotWaitForItByDefault() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.definitions(new MockResponse.Builder().code(200).body(DEFINITIONS).build());
        List<String> loadThreads = new CopyOnWriteArrayList<>();
        JdkHttpTransport jdk = new JdkHttpTransport();
        HttpTransport recording = request -> {
            if (request.uri().getPath().endsWith("/flags/definitions")) {
                loadThreads.add(Thread.currentThread().getName());
                release.await(10, TimeUnit.SECONDS);
            }
            return jdk.send(request);
        };
        try (PostHogClient client = server.client().personalApiKey(PERSONAL_KEY).httpTransport(recording).build()) {
            // built while the first load is held: not loaded yet, so reads go to the server
            await().atMost(WAIT).until(() -> loadThreads.size() == 1);
            assertThat(client.flagStats().definitionsCount()).isZero();
            client.getFeatureFlag("local-on", "user-1", PRO);
            assertThat(server.flagRequests()).hasSize(1);
            release.countDown();
            await().atMost(WAIT).until(() -> client.flagStats().definitionsCount() == 3);
            assertThat(client.getFeatureFlag("local-on", "user-1", PRO)).isEqualTo(true);
            assertThat(server.flagRequests()).hasSize(1);
        } finally {
            release.countDown();
            jdk.close();
        }
        assertThat(loadThreads).singleElement().asString().startsWith("posthog-flags-poller-");
    }

    @Test
    void closeStopsThePoller() {
        Set<Thread> before = pollerThreads();
        PostHogClient client = localClient();
        Set<Thread> started = pollerThreads();
        started.removeAll(before);
        assertThat(started).hasSize(1);
        assertThat(started.iterator().next().isAlive()).isTrue();
        client.close();
        assertThat(started.iterator().next().isAlive()).isFalse();
        int requests = server.definitionRequests().size();
        client.reloadFeatureFlags(); // a closed client does not poll again
        assertThat(server.definitionRequests()).hasSize(requests);
    }

    @Test
    void reloadFeatureFlagsLoadsTheNewDefinitions() {
        try (PostHogClient client = localClient()) {
            server.definitions(200, DEFINITIONS.replace("\"key\": \"local-off\"", "\"key\": \"renamed\""));
            client.reloadFeatureFlags();
            await().atMost(WAIT).until(() -> client.getAllFlags("user-1",
                    FeatureFlagOptions.builder().onlyEvaluateLocally(true).personProperty("plan", "pro").build())
                    .containsKey("renamed"));
        }
    }

    @Test
    void pollIntervalAndFirstLoadWaitAreValidated() {
        assertThatThrownBy(() -> server.client().featureFlagsPollInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("featureFlagsPollInterval");
        assertThatThrownBy(() -> server.client().featureFlagsWaitForFirstLoad(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("featureFlagsWaitForFirstLoad");
    }

    private static Set<Thread> pollerThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("posthog-flags-poller-") && t.isAlive()) {
                threads.add(t);
            }
        }
        return threads;
    }
}
