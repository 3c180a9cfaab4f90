package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.flags.FeatureFlagOptions;
import io.github.posthogcommunity.posthog.flags.FeatureFlagResult;
import io.github.posthogcommunity.posthog.flags.FeatureFlagStats;
import io.github.posthogcommunity.posthog.flags.FeatureFlagsAndPayloads;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Remote flag evaluation against a real local HTTP server: request, response shapes, retries, failures. */
class RemoteFeatureFlagsTest extends FlagsServerTestBase {

    static final String V2 = """
            {"flags": {
               "beta": {"key": "beta", "enabled": true, "variant": null,
                        "reason": {"code": "condition_match", "description": "Matched condition set 1"},
                        "metadata": {"id": 11, "version": 3, "payload": "{\\"discount\\":10}"}},
               "checkout": {"key": "checkout", "enabled": true, "variant": "test",
                        "metadata": {"id": 12, "version": 1, "payload": "\\"blue\\""}},
               "off": {"key": "off", "enabled": false, "variant": null, "metadata": {"id": 13, "version": 7}}
             },
             "errorsWhileComputingFlags": false, "requestId": "req-42", "evaluatedAt": 1700000000}
            """;

    static final String LEGACY = """
            {"featureFlags": {"beta": true, "checkout": "test", "off": false},
             "featureFlagPayloads": {"beta": "{\\"discount\\":10}", "checkout": "\\"blue\\""}}
            """;

    // ---- request ----

    @Test
    void singleFlagRequestHasExactlyTheDigestFieldsWithTheirDefaults() throws Exception {
        try (PostHogClient client = server.client().build()) {
            client.getFeatureFlag("beta", "user-1");
        }
        RecordedRequest request = server.onlyFlagRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/flags/");
        assertThat(request.getUrl().query()).isEqualTo("v=2");
        JsonNode body = server.body(request);
        assertThat(fieldNames(body)).containsExactly("token", "distinct_id", "groups", "person_properties",
                "group_properties", "geoip_disable", "flag_keys_to_evaluate");
        assertThat(body.get("token").asString()).isEqualTo(FlagsTestServer.KEY);
        assertThat(body.get("distinct_id").asString()).isEqualTo("user-1");
        assertThat(body.get("groups").isObject()).isTrue();
        assertThat(body.get("groups").size()).isZero();
        assertThat(body.get("person_properties").isObject()).isTrue();
        assertThat(body.get("person_properties").size()).isZero();
        assertThat(body.get("group_properties").isObject()).isTrue();
        assertThat(body.get("group_properties").size()).isZero();
        assertThat(body.get("geoip_disable").isBoolean()).isTrue();
        assertThat(body.get("geoip_disable").asBoolean()).isFalse();
        assertThat(body.get("flag_keys_to_evaluate").toString()).isEqualTo("[\"beta\"]");
    }

    @Test
    void optionsFillGroupsPropertiesDeviceIdAndGeoip() throws Exception {
        FeatureFlagOptions options = FeatureFlagOptions.builder()
                .group("company", "acme").group("team", "core")
                .personProperty("plan", "pro").personProperty("seats", 12)
                .groupProperties("company", Map.of("tier", "enterprise"))
                .deviceId("device-9")
                .disableGeoip(true)
                .build();
        try (PostHogClient client = server.client().header("X-Proxy-Token", "proxy-1").build()) {
            client.isFeatureEnabled("beta", "user-1", false, options);
        }
        RecordedRequest request = server.onlyFlagRequest();
        // The exchange, for the record (target/surefire-reports/*RemoteFeatureFlagsTest-output.txt).
        System.out.println(request.getRequestLine() + "\n" + request.getHeaders() + "\n" + request.getBody().utf8());
        assertThat(request.getHeaders().get("X-Proxy-Token")).isEqualTo("proxy-1");
        JsonNode body = server.body(request);
        assertThat(body.get("groups").toString()).isEqualTo("{\"company\":\"acme\",\"team\":\"core\"}");
        assertThat(body.get("person_properties").get("plan").asString()).isEqualTo("pro");
        assertThat(body.get("person_properties").get("seats").asInt()).isEqualTo(12);
        assertThat(body.get("person_properties").get("$device_id").asString()).isEqualTo("device-9");
        assertThat(body.get("group_properties").toString()).isEqualTo("{\"company\":{\"tier\":\"enterprise\"}}");
        assertThat(body.get("geoip_disable").asBoolean()).isTrue();
    }

    @Test
    void clientLevelDisableGeoipAppliesToFlags() throws Exception {
        try (PostHogClient client = server.client().disableGeoip(true).build()) {
            client.getFeatureFlag("beta", "user-1");
        }
        assertThat(server.body(server.onlyFlagRequest()).get("geoip_disable").asBoolean()).isTrue();
    }

    @Test
    void allFlagsAskForEveryFlagUnlessKeysAreGiven() throws Exception {
        try (PostHogClient client = server.client().build()) {
            client.getAllFlags("user-1");
            client.evaluateFlags("user-1", FeatureFlagOptions.builder().flagKeys(List.of("a", "b")).build());
        }
        assertThat(server.flagRequests()).hasSize(2);
        assertThat(server.body(server.flagRequests().get(0)).has("flag_keys_to_evaluate")).isFalse();
        assertThat(server.body(server.flagRequests().get(1)).get("flag_keys_to_evaluate").toString())
                .isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void sendsCustomHeadersAndNeverAnAuthorizationHeader() throws Exception {
        try (PostHogClient client = server.client().header("X-Proxy-Token", "secret-proxy").build()) {
            client.getFeatureFlag("beta", "user-1");
        }
        RecordedRequest request = server.onlyFlagRequest();
        assertThat(request.getHeaders().get("X-Proxy-Token")).isEqualTo("secret-proxy");
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeaders().get("User-Agent")).startsWith("posthog-java-community/");
        assertThat(request.getHeaders().get("Authorization")).isNull();
        assertThat(request.getHeaders().get("Content-Encoding")).isNull();
    }

    @Test
    void noRequestOnInitOrPlainCapture() throws Exception {
        try (PostHogClient client = server.client().build()) {
            client.capture("user-1", "signed_up");
            client.identify("user-1", Map.of("plan", "pro"));
            assertThat(client.flush().sent()).isEqualTo(2);
        }
        assertThat(server.flagRequests()).isEmpty();
        assertThat(server.allEvents()).hasSize(2);
    }

    @Test
    void resultsAreNotCachedBetweenCalls() throws Exception {
        server.flags(200, V2).flags(200, V2);
        try (PostHogClient client = server.client().build()) {
            assertThat(client.isFeatureEnabled("beta", "user-1")).isTrue();
            assertThat(client.isFeatureEnabled("beta", "user-1")).isTrue();
            assertThat(client.flagStats().requests()).isEqualTo(2);
        }
        assertThat(server.flagRequests()).hasSize(2);
    }

    // ---- responses ----

    @ParameterizedTest
    @ValueSource(strings = {V2, LEGACY})
    void bothResponseShapesGiveTheSameAnswers(String response) throws Exception {
        for (int i = 0; i < 7; i++) {
            server.flags(200, response);
        }
        try (PostHogClient client = server.client().sendFeatureFlagEvents(false).build()) {
            assertThat(client.getFeatureFlag("beta", "u")).isEqualTo(Boolean.TRUE);
            assertThat(client.getFeatureFlag("checkout", "u")).isEqualTo("test");
            assertThat(client.getFeatureFlag("off", "u")).isEqualTo(Boolean.FALSE);
            assertThat(client.getFeatureFlag("missing", "u")).isNull();
            assertThat(client.getFeatureFlagPayload("beta", "u")).isEqualTo("{\"discount\":10}");
            assertThat(client.getFeatureFlagResult("checkout", "u"))
                    .isEqualTo(new FeatureFlagResult("checkout", true, "test", "\"blue\""));
            FeatureFlagsAndPayloads all = client.getAllFlagsAndPayloads("u");
            assertThat(all.flags()).isEqualTo(Map.of("beta", true, "checkout", "test", "off", false));
            assertThat(all.payloads()).isEqualTo(Map.of("beta", "{\"discount\":10}", "checkout", "\"blue\""));
        }
    }

    @Test
    void isFeatureEnabledTreatsAVariantAsOnAndUsesTheDefaultOnlyWithoutAValue() throws Exception {
        for (int i = 0; i < 4; i++) {
            server.flags(200, V2);
        }
        try (PostHogClient client = server.client().build()) {
            assertThat(client.isFeatureEnabled("checkout", "u", false)).isTrue();
            assertThat(client.isFeatureEnabled("off", "u", true)).isFalse();
            assertThat(client.isFeatureEnabled("missing", "u", true)).isTrue();
            assertThat(client.isFeatureEnabled("missing", "u", false)).isFalse();
        }
    }

    // ---- retries ----

    @ParameterizedTest
    @ValueSource(ints = {502, 504})
    void retriesGatewayErrorsOnceAfter300ms(int status) throws Exception {
        server.flags(status, "{}").flags(200, V2);
        List<Duration> waits = new ArrayList<>();
        try (PostHogClient client = server.client().featureFlagsRetrySleeper(waits::add).build()) {
            assertThat(client.getFeatureFlag("checkout", "u")).isEqualTo("test");
            assertThat(client.flagStats()).isEqualTo(new FeatureFlagStats(1, 0, 1));
        }
        assertThat(server.flagRequests()).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofMillis(300));
    }

    @Test
    void retriesAConnectionResetOnce() throws Exception {
        // The server reads the request, then closes the connection instead of answering.
        server.flags(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build())
                .flags(200, V2);
        CountingTransport transport = new CountingTransport();
        List<Duration> waits = new ArrayList<>();
        try (PostHogClient client = server.client().httpTransport(transport).featureFlagsRetrySleeper(waits::add)
                .build()) {
            assertThat(client.getFeatureFlag("checkout", "u")).isEqualTo("test");
            assertThat(client.flagStats()).isEqualTo(new FeatureFlagStats(1, 0, 1));
        } finally {
            transport.delegate().close();
        }
        assertThat(transport.attempts()).isEqualTo(2);
        assertThat(transport.noResponses()).isEqualTo(1);
        assertThat(waits).containsExactly(Duration.ofMillis(300));
    }

    @Test
    void retriesATimeout() throws Exception {
        // The first answer stalls far beyond the timeout; the retry must then succeed within the same timeout, so
        // the timeout leaves a wide margin for a loaded machine (200 ms made the retry itself time out now and then).
        server.flags(new MockResponse.Builder().code(200).body(V2).headersDelay(60, TimeUnit.SECONDS).build())
                .flags(200, V2);
        try (PostHogClient client = server.client().featureFlagsRequestTimeout(Duration.ofSeconds(2)).build()) {
            assertThat(client.getFeatureFlag("checkout", "u")).isEqualTo("test");
            assertThat(client.flagStats().retries()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503, 429, 408, 400, 401, 403, 404})
    void neverRetriesOtherStatuses(int status) throws Exception {
        server.flags(status, "{}").flags(200, V2);
        List<Duration> waits = new ArrayList<>();
        try (PostHogClient client = server.client().featureFlagsRetrySleeper(waits::add).build()) {
            assertThat(client.getFeatureFlag("checkout", "u")).isNull();
            assertThat(client.flagStats()).isEqualTo(new FeatureFlagStats(1, 1, 0));
        }
        assertThat(server.flagRequests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void moreRetriesWaitLongerEachTimeThenGiveUp() throws Exception {
        for (int i = 0; i < 4; i++) {
            server.flags(502, "{}");
        }
        List<Duration> waits = new ArrayList<>();
        try (PostHogClient client = server.client().featureFlagsMaxRetries(3).featureFlagsRetrySleeper(waits::add)
                .build()) {
            assertThat(client.isFeatureEnabled("beta", "u", true)).isTrue();
            assertThat(client.flagStats()).isEqualTo(new FeatureFlagStats(1, 1, 3));
        }
        assertThat(server.flagRequests()).hasSize(4);
        assertThat(waits).containsExactly(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofMillis(1200));
    }

    @Test
    void zeroRetriesMeansOneAttempt() throws Exception {
        server.flags(502, "{}").flags(200, V2);
        try (PostHogClient client = server.client().featureFlagsMaxRetries(0).build()) {
            assertThat(client.getFeatureFlag("beta", "u")).isNull();
        }
        assertThat(server.flagRequests()).hasSize(1);
    }

    // ---- failures ----

    @Test
    void failuresGiveDefaultsOneLogLineWithoutTheKeyAndAreCounted() throws Exception {
        for (int i = 0; i < 7; i++) {
            server.flags(500, "{\"error\":\"boom\"}");
        }
        try (CapturedLogs logs = new CapturedLogs();
             PostHogClient client = server.client().build()) {
            assertThat(client.getFeatureFlag("beta", "u")).isNull();
            assertThat(logs.warnings()).hasSize(1);
            assertThat(logs.warnings().get(0)).contains("feature flags").contains("HTTP 500")
                    .doesNotContain(FlagsTestServer.KEY);
            assertThat(client.isFeatureEnabled("beta", "u", true)).isTrue();
            assertThat(client.isFeatureEnabled("beta", "u", false)).isFalse();
            assertThat(client.getFeatureFlagPayload("beta", "u")).isNull();
            assertThat(client.getFeatureFlagResult("beta", "u")).isNull();
            assertThat(client.getAllFlags("u")).isEmpty();
            assertThat(client.getAllFlagsAndPayloads("u")).isEqualTo(FeatureFlagsAndPayloads.empty());
            assertThat(client.flagStats()).isEqualTo(new FeatureFlagStats(7, 7, 0));
            assertThat(logs.warnings()).hasSize(7).allSatisfy(line -> assertThat(line)
                    .doesNotContain(FlagsTestServer.KEY));
        }
    }

    @Test
    void anUnreadableBodyIsAFailure() throws Exception {
        server.flags(200, "<html>gateway</html>").flags(200, "{\"flags\": {\"a\": ");
        try (PostHogClient client = server.client().build()) {
            assertThat(client.isFeatureEnabled("a", "u", true)).isTrue();
            assertThat(client.evaluateFlags("u").evaluationFailed()).isTrue();
            assertThat(client.flagStats()).isEqualTo(new FeatureFlagStats(2, 2, 0));
        }
    }

    @Test
    void anUnreachableServerGivesDefaultsAfterOneRetry() {
        List<Duration> waits = new ArrayList<>();
        try (PostHogClient client = PostHogClient.builder(FlagsTestServer.KEY).host("http://127.0.0.1:1")
                .featureFlagsRetrySleeper(waits::add).build()) {
            assertThat(client.getFeatureFlag("beta", "u")).isNull();
            assertThat(client.flagStats()).isEqualTo(new FeatureFlagStats(1, 1, 1));
        }
        assertThat(waits).containsExactly(Duration.ofMillis(300));
    }

    @Test
    void blankInputsAndDisabledClientsMakeNoRequest() throws Exception {
        try (PostHogClient client = server.client().build()) {
            assertThat(client.getFeatureFlag("", "u")).isNull();
            assertThat(client.getFeatureFlag(null, "u")).isNull();
            assertThat(client.isFeatureEnabled("beta", " ", true)).isTrue();
            assertThat(client.getAllFlags(null)).isEmpty();
            assertThat(client.getFeatureFlag("beta", "u",
                    FeatureFlagOptions.builder().onlyEvaluateLocally(true).build())).isNull();
        }
        PostHogClient disabled = PostHogClient.disabled();
        assertThat(disabled.getFeatureFlag("beta", "u")).isNull();
        assertThat(disabled.isFeatureEnabled("beta", "u", true)).isTrue();
        assertThat(disabled.evaluateFlags("u").keys()).isEmpty();
        assertThat(disabled.flagStats()).isEqualTo(new FeatureFlagStats(0, 0, 0));
        disabled.close();
        assertThat(server.flagRequests()).isEmpty();
    }

    @Test
    void aMissingDistinctIdFallsBackToTheAmbientContext() throws Exception {
        server.flags(200, V2);
        try (PostHogClient client = server.client().contextSupplier(() -> new EventContext("from-request", null))
                .build()) {
            assertThat(client.getFeatureFlag("checkout", null)).isEqualTo("test");
            client.getFeatureFlag("checkout", "explicit");
        }
        assertThat(server.flagRequests()).extracting(r -> server.body(r).get("distinct_id").asString())
                .containsExactly("from-request", "explicit");
    }

    @Test
    void aMissingDistinctIdFallsBackToTheOpenScopeByDefault() throws Exception {
        server.flags(200, V2);
        try (PostHogClient client = server.client().build()) {
            try (PostHogScope scope = PostHogContext.scope().distinctId("from-scope").open()) {
                assertThat(client.getFeatureFlag("checkout", null)).isEqualTo("test");
            }
            client.getFeatureFlag("checkout", "explicit");
        }
        assertThat(server.flagRequests()).extracting(r -> server.body(r).get("distinct_id").asString())
                .containsExactly("from-scope", "explicit");
    }

    @Test
    void afterShutdownFlagReadsGiveDefaultsWithoutARequest() throws Exception {
        PostHogClient client = server.client().build();
        client.close();
        assertThat(client.isFeatureEnabled("beta", "u", true)).isTrue();
        assertThat(server.flagRequests()).isEmpty();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
