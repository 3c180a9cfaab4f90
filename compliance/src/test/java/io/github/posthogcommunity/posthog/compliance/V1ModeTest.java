package io.github.posthogcommunity.posthog.compliance;

import io.github.posthogcommunity.posthog.CaptureProtocol;
import io.github.posthogcommunity.posthog.Compression;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class V1ModeTest extends AdapterTestBase {

    @Test
    void captureV1EndToEndWithAPerEventRetry() {
        start(new Mode(CaptureProtocol.V1, Compression.GZIP));
        AtomicInteger calls = new AtomicInteger();
        mock.respond(r -> {
            if (calls.incrementAndGet() == 1) {
                return MockPostHog.body("{\"results\":{\"" + r.uuids().get(0) + "\":{\"result\":\"retry\"}}}");
            }
            return MockPostHog.body("{\"results\":{\"" + r.uuids().get(0) + "\":{\"result\":\"ok\"}}}");
        });
        assertThat(client.get("/health", null).json().get("capabilities").toString()).contains("capture_v1");
        client.init("t-v1", config());

        String uuid = client.capture("t-v1", event("user-1", "v1_event",
                "properties", Map.of("$session_id", "s-1", "k", "v"),
                "timestamp", "2024-05-01T12:00:00Z",
                "options", Map.of("cookieless_mode", true, "process_person_profile", false)));
        client.post("/flush", "t-v1", null);

        await().atMost(Duration.ofSeconds(5)).until(() -> mock.requests().size() == 2);
        MockPostHog.Received first = mock.requests().get(0);
        MockPostHog.Received second = mock.requests().get(1);
        assertThat(first.path()).isEqualTo("/i/v1/analytics/events");
        assertThat(first.testId()).isEqualTo("t-v1");
        assertThat(first.header("Authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(first.header("PostHog-Attempt")).isEqualTo("1");
        assertThat(second.header("PostHog-Attempt")).isEqualTo("2");
        assertThat(second.testId()).isEqualTo("t-v1");
        assertThat(second.header("PostHog-Request-Id")).isEqualTo(first.header("PostHog-Request-Id"));
        assertThat(first.uuids()).containsExactly(uuid);
        assertThat(second.uuids()).containsExactly(uuid);
        JsonNode event = first.events().get(0);
        assertThat(event.get("session_id").asString()).isEqualTo("s-1");
        assertThat(event.get("options").get("cookieless_mode").asBoolean()).isTrue();
        assertThat(event.get("options").get("process_person_profile").asBoolean()).isFalse();
        assertThat(event.get("timestamp").asString()).startsWith("2024-05-01T12:00:00");
        assertThat(first.json().has("api_key")).isFalse();

        await().atMost(Duration.ofSeconds(5)).until(() -> client.state("t-v1").get("total_events_sent").asLong() == 1);
        JsonNode made = client.state("t-v1").get("requests_made");
        assertThat(made).hasSize(2);
        assertThat(made.get(0).get("retry_attempt").asInt()).isZero();
        assertThat(made.get(1).get("retry_attempt").asInt()).isEqualTo(1);
        assertThat(made.get(1).get("uuid_list").get(0).asString()).isEqualTo(uuid);
        assertThat(client.state("t-v1").get("total_retries").asLong()).isEqualTo(1);
    }

    @Test
    void v1RetriesA503AndReportsTheAttemptFromTheHeader() {
        start(new Mode(CaptureProtocol.V1, Compression.GZIP));
        AtomicInteger calls = new AtomicInteger();
        mock.respond(r -> calls.incrementAndGet() == 1 ? MockPostHog.status(503) : MockPostHog.ok());
        client.init("t-v1-503", config());

        String uuid = client.capture("t-v1-503", event("u", "e"));
        client.post("/flush", "t-v1-503", null);

        await().atMost(Duration.ofSeconds(5)).until(() -> client.state("t-v1-503").get("requests_made").size() == 2);
        JsonNode made = client.state("t-v1-503").get("requests_made");
        assertThat(made.get(0).get("status_code").asInt()).isEqualTo(503);
        assertThat(made.get(1).get("retry_attempt").asInt()).isEqualTo(1);
        assertThat(mock.requests()).extracting(r -> r.header("PostHog-Attempt")).containsExactly("1", "2");
        assertThat(mock.requests()).allSatisfy(r -> assertThat(r.uuids()).containsExactly(uuid));
    }

    @Test
    void aiEventsKeepTheirOwnEndpointInAV1Run() {
        start(new Mode(CaptureProtocol.V1, Compression.GZIP));
        client.init("t-v1-ai", config());

        AdapterClient.Answer answer = client.post("/capture_ai", "t-v1-ai", event("u", "$ai_generation"));
        client.post("/flush", "t-v1-ai", null);

        assertThat(mock.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/i/v0/ai/batch/");
            assertThat(r.testId()).isEqualTo("t-v1-ai");
            assertThat(r.uuids()).containsExactly(answer.json().get("uuid").asString());
        });
    }
}
