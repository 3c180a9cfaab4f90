package io.github.posthogcommunity.posthog.sample;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A Spring AI chat-client call on the stub model reaches the local PostHog as one LLM-analytics trace. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AssistantAnalyticsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAssistantQuestionBecomesATraceWithItsGenerationForTheCaller() throws Exception {
        HttpResponse<String> answer = call("POST", "/assistant",
                "{\"userId\":\"lin@example.com\",\"question\":\"What is PostHog?\"}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("answer").asString()).isEqualTo("You asked: What is PostHog?");

        assertThat(call("POST", "/actuator/posthog", null).statusCode()).isEqualTo(200);

        JsonNode delivered = JSON.readTree(call("GET", "/local-posthog/events", null).body());
        List<JsonNode> ai = new ArrayList<>();
        delivered.path("events").forEach(e -> {
            JsonNode event = e.path("event");
            if (event.path("event").asString().startsWith("$ai_")
                    && event.path("distinct_id").asString().equals("lin@example.com")) {
                ai.add(event);
            }
        });
        JsonNode generation = ai.stream().filter(e -> e.path("event").asString().equals("$ai_generation"))
                .findFirst().orElseThrow();
        JsonNode trace = ai.stream().filter(e -> e.path("event").asString().equals("$ai_trace"))
                .findFirst().orElseThrow();
        JsonNode props = generation.path("properties");
        assertThat(props.path("$ai_provider").asString()).isEqualTo("stub");
        assertThat(props.path("$ai_model").asString()).isEqualTo("stub-echo-1");
        assertThat(props.path("$ai_input_tokens").asInt()).isEqualTo(3);
        assertThat(props.path("$ai_output_tokens").asInt()).isEqualTo(5);
        assertThat(props.path("$ai_input").toString()).contains("You answer briefly.", "What is PostHog?");
        assertThat(props.path("$ai_trace_id").asString())
                .isEqualTo(trace.path("properties").path("$ai_trace_id").asString());
        assertThat(props.has("$process_person_profile")).isFalse();
    }
}
