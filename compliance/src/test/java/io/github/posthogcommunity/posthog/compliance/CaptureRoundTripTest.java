package io.github.posthogcommunity.posthog.compliance;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CaptureRoundTripTest extends AdapterTestBase {

    @Test
    void theReturnedUuidIsTheOneOnTheWireAndEveryRequestCarriesTheTestId() {
        start(Mode.defaults());
        client.init("t-roundtrip", config());

        String uuid = client.capture("t-roundtrip", event("user-1", "signed_up",
                "properties", Map.of("plan", "pro", "seats", 3),
                "timestamp", "2024-05-01T12:00:00.250+02:00"));
        AdapterClient.Answer flushed = client.post("/flush", "t-roundtrip", null);

        assertThat(flushed.status()).isEqualTo(200);
        assertThat(flushed.json().get("events_flushed").asInt()).isEqualTo(1);
        assertThat(mock.requests()).hasSize(1);
        MockPostHog.Received request = mock.requests().get(0);
        assertThat(request.path()).isEqualTo("/batch/");
        assertThat(request.testId()).isEqualTo("t-roundtrip");
        assertThat(request.header("Content-Encoding")).isEqualTo("gzip"); // the SDK default
        assertThat(request.uuids()).containsExactly(uuid);
        JsonNode sent = request.events().get(0);
        assertThat(sent.get("distinct_id").asString()).isEqualTo("user-1");
        assertThat(sent.get("event").asString()).isEqualTo("signed_up");
        assertThat(sent.get("timestamp").asString()).isEqualTo("2024-05-01T10:00:00.250Z");
        assertThat(sent.get("properties").get("seats").isIntegralNumber()).isTrue();
        assertThat(sent.get("properties").get("plan").asString()).isEqualTo("pro");

        JsonNode state = client.state("t-roundtrip");
        assertThat(state.get("total_events_captured").asLong()).isEqualTo(1);
        assertThat(state.get("total_events_sent").asLong()).isEqualTo(1);
        assertThat(state.get("pending_events").asLong()).isZero();
        assertThat(state.get("total_retries").asLong()).isZero();
        assertThat(state.get("last_error").isNull()).isTrue();
        JsonNode made = state.get("requests_made");
        assertThat(made).hasSize(1);
        assertThat(made.get(0).get("status_code").asInt()).isEqualTo(200);
        assertThat(made.get(0).get("retry_attempt").asInt()).isZero();
        assertThat(made.get(0).get("event_count").asInt()).isEqualTo(1);
        assertThat(made.get(0).get("uuid_list").get(0).asString()).isEqualTo(uuid);
    }

    @Test
    void theDefaultClientWithoutTestIdSendsNoTestIdHeader() {
        start(Mode.defaults());
        client.init(null, config("enable_compression", false));

        String uuid = client.capture(null, event("user-1", "e"));
        client.post("/flush", null, null);

        assertThat(mock.requests()).singleElement().satisfies(r -> {
            assertThat(r.testId()).isNull();
            assertThat(r.header("Content-Encoding")).isNull();
            assertThat(r.uuids()).containsExactly(uuid);
        });
    }

    @Test
    void initOptionsReachTheWire() {
        start(Mode.defaults());
        client.init("t-options", config("flush_at", 2, "disable_geoip", true, "historical_migration", true,
                "enable_compression", false, "flush_interval_ms", 60_000));

        String first = client.capture("t-options", event("u", "one"));
        String second = client.capture("t-options", event("u", "two"));

        // flush_at 2: the second capture sends the batch without any /flush call.
        await().atMost(Duration.ofSeconds(5)).until(() -> mock.requests().size() == 1);
        MockPostHog.Received request = mock.requests().get(0);
        assertThat(request.uuids()).containsExactly(first, second);
        assertThat(request.json().get("historical_migration").asBoolean()).isTrue();
        assertThat(request.events()).allSatisfy(e ->
                assertThat(e.get("properties").get("$geoip_disable").asBoolean()).isTrue());
        assertThat(request.json().get("api_key").asString()).isEqualTo(API_KEY);
    }

    @Test
    void flushIntervalSendsOnItsOwn() {
        start(Mode.defaults());
        client.init("t-interval", config("flush_interval_ms", 50));

        String uuid = client.capture("t-interval", event("u", "timed"));

        await().atMost(Duration.ofSeconds(5)).until(() -> mock.requests().size() == 1);
        assertThat(mock.requests().get(0).uuids()).containsExactly(uuid);
    }

    @Test
    void maxRetriesZeroMeansOneAttempt() {
        start(Mode.defaults());
        mock.respond(r -> MockPostHog.status(503));
        client.init("t-noretry", config("max_retries", 0));

        client.capture("t-noretry", event("u", "e"));
        client.post("/flush", "t-noretry", null);

        JsonNode state = client.state("t-noretry");
        assertThat(state.get("requests_made")).hasSize(1);
        assertThat(state.get("total_retries").asLong()).isZero();
        assertThat(state.get("events_dropped").get("retries_exhausted").asLong()).isEqualTo(1);
        assertThat(state.get("pending_events").asLong()).isZero();
        assertThat(mock.requests()).hasSize(1);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = io.github.posthogcommunity.posthog.Compression.class,
            names = {"DEFLATE", "ZSTD"})
    void aDeflateOrZstdRunCompressesWithItsEncoding(io.github.posthogcommunity.posthog.Compression encoding) {
        start(new Mode(io.github.posthogcommunity.posthog.CaptureProtocol.V0,
                encoding));
        String testId = "t-" + encoding;
        client.init(testId, config("enable_compression", true));

        String uuid = client.capture(testId, event("u", "e"));
        client.post("/flush", testId, null);

        assertThat(mock.requests()).singleElement().satisfies(r -> {
            assertThat(r.header("Content-Encoding")).isEqualTo(encoding.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(r.uuids()).containsExactly(uuid);
        });
        assertThat(client.state(testId).get("requests_made").get(0).get("uuid_list").get(0).asString())
                .isEqualTo(uuid);
    }

    @Test
    void aiEventsGoToTheAiEndpointAndKeepTheSuppliedUuid() {
        start(Mode.defaults());
        client.init("t-ai", config());
        String supplied = "01890a5d-ac96-774b-bcce-b302099a8057";

        AdapterClient.Answer answer = client.post("/capture_ai", "t-ai", event("u", "$ai_generation",
                "uuid", supplied, "properties", Map.of("$ai_model", "gpt-4o")));
        client.post("/flush", "t-ai", null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("uuid").asString()).isEqualTo(supplied);
        assertThat(mock.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/i/v0/ai/batch/");
            assertThat(r.testId()).isEqualTo("t-ai");
            assertThat(r.uuids()).containsExactly(supplied);
        });
        assertThat(client.state("t-ai").get("requests_made").get(0).get("uuid_list").get(0).asString())
                .isEqualTo(supplied);
    }

    @Test
    void captureOptionsBecomeMarkerPropertiesOnV0() {
        start(Mode.defaults());
        client.init("t-markers", config());

        client.capture("t-markers", event("u", "e", "options", Map.of("cookieless_mode", true,
                "disable_skew_correction", true, "process_person_profile", false, "product_tour_id", "tour-1")));
        client.post("/flush", "t-markers", null);

        JsonNode properties = mock.requests().get(0).events().get(0).get("properties");
        assertThat(properties.get("$cookieless_mode").asBoolean()).isTrue();
        assertThat(properties.get("$ignore_sent_at").asBoolean()).isTrue();
        assertThat(properties.get("$process_person_profile").asBoolean()).isFalse();
        assertThat(properties.get("$product_tour_id").asString()).isEqualTo("tour-1");
    }

    @Test
    void aBlankDistinctIdIsDroppedByTheSdkAndReportedWithoutUuid() {
        start(Mode.defaults());
        client.init("t-blank", config());

        AdapterClient.Answer answer = client.post("/capture", "t-blank", event(" ", "e"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("uuid").isNull()).isTrue();
        assertThat(client.state("t-blank").get("events_dropped").get("invalid").asLong()).isEqualTo(1);
        client.post("/flush", "t-blank", null);
        assertThat(mock.requests()).isEmpty();
    }

    @Test
    void featureFlagsAreEvaluatedRemotelyWithTheContractFields() {
        start(Mode.defaults());
        mock.respond(r -> r.path().startsWith("/flags/")
                ? MockPostHog.body("{\"featureFlags\": {\"beta\": \"variant-b\"}, \"featureFlagPayloads\": {}}")
                : MockPostHog.ok());
        client.init("t-flags", config());

        AdapterClient.Answer answer = client.post("/get_feature_flag", "t-flags",
                Map.of("key", "beta", "distinct_id", "u", "person_properties", Map.of("plan", "pro"),
                        "groups", Map.of("company", "acme"), "disable_geoip", true, "force_remote", true));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("success").asBoolean()).isTrue();
        assertThat(answer.json().get("value").asString()).isEqualTo("variant-b");
        MockPostHog.Received flags = mock.requests().stream().filter(r -> r.path().startsWith("/flags/"))
                .findFirst().orElseThrow();
        assertThat(flags.testId()).isEqualTo("t-flags");
        assertThat(flags.json().get("distinct_id").asString()).isEqualTo("u");
        assertThat(flags.json().get("flag_keys_to_evaluate").get(0).asString()).isEqualTo("beta");
        assertThat(flags.json().get("person_properties").get("plan").asString()).isEqualTo("pro");
        assertThat(flags.json().get("groups").get("company").asString()).isEqualTo("acme");
        assertThat(flags.json().get("geoip_disable").asBoolean()).isTrue();
    }

    @Test
    void initAndPlainCaptureNeverCallFlags() {
        start(Mode.defaults());
        client.init("t-no-flags", config());
        client.capture("t-no-flags", event("u", "e"));
        client.post("/flush", "t-no-flags", null);
        assertThat(mock.requests()).noneMatch(r -> r.path().startsWith("/flags"));
    }

    @Test
    void initAndPlainCaptureMakeNoRequestBeforeTheBatchIsDue() {
        start(Mode.defaults());
        client.init("t-quiet", config("flush_interval_ms", 60_000));
        client.capture("t-quiet", event("u", "e"));

        assertThat(client.state("t-quiet").get("pending_events").asLong()).isEqualTo(1);
        assertThat(mock.requests()).isEmpty();
        assertThat(List.of(client.post("/flush", "t-quiet", null).json().get("events_flushed").asInt()))
                .containsExactly(1);
    }
}
