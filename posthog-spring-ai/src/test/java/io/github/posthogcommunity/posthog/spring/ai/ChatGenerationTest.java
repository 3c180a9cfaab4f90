package io.github.posthogcommunity.posthog.spring.ai;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogContext;
import io.github.posthogcommunity.posthog.FlushResult;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.github.posthogcommunity.posthog.spring.ai.AiRig.json;
import static io.github.posthogcommunity.posthog.spring.ai.AiRig.prop;
import static io.github.posthogcommunity.posthog.spring.ai.AiRig.stable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A chat-model call through the real OpenAI client becomes exactly one {@code $ai_generation} on the wire. */
class ChatGenerationTest {

    @RegisterExtension
    final AiRig rig = new AiRig();

    @Test
    void aChatCallSendsOneGenerationWithItsExactProperties() throws Exception {
        rig.openai.enqueueJson(OpenAiServer.completion("Hello there", 12, 3, 4));

        ChatResponse response = rig.chatModel().call(new Prompt("Say hello"));

        assertThat(response.getResult().getOutput().getText()).isEqualTo("Hello there");
        List<JsonNode> events = rig.sent();
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        String traceId = prop(event, "$ai_trace_id");
        assertThat(traceId).isNotBlank();
        assertThat(prop(event, "$ai_span_id")).isNotBlank().isNotEqualTo(traceId);
        assertThat(event.get("properties").has("$ai_parent_id")).isFalse();
        assertThat(stable(event)).isEqualTo(json("""
                {"event":"$ai_generation","distinct_id":"%s","properties":{
                  "$ai_provider":"openai",
                  "$ai_model":"gpt-4o-mini-2024-07-18",
                  "$ai_model_parameters":{"model":"gpt-4o-mini","temperature":0.2,"max_tokens":64,"stream":false},
                  "$ai_stream":false,
                  "$ai_base_url":"%s",
                  "$ai_input":[{"role":"user","content":"Say hello"}],
                  "$ai_output_choices":[{"role":"assistant","content":"Hello there"}],
                  "$ai_input_tokens":12,
                  "$ai_output_tokens":3,
                  "$ai_cache_read_input_tokens":4,
                  "$ai_http_status":200,
                  "$is_server":true,"$process_person_profile":false}}
                """.formatted(traceId, rig.openai.baseUrl())));
        assertThat(rig.openai.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(rig.posthog.otherPaths()).isEmpty();
    }

    @Test
    void aHungPostHogNeverHoldsUpAModelCall() {
        rig.posthog.hold();
        rig.openai.enqueueJson(OpenAiServer.completion("one", 5, 1, 0));
        rig.chatModel().call(new Prompt("first"));
        CompletableFuture<FlushResult> flushing = rig.client.flushAsync();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rig.posthog.heldRequests() == 1);

        rig.openai.enqueueJson(OpenAiServer.completion("two", 5, 1, 0));
        String second = rig.chatModel().call(new Prompt("second")).getResult().getOutput().getText();

        assertThat(second).isEqualTo("two");
        assertThat(flushing).isNotDone(); // PostHog still holds the first batch
        rig.posthog.release();
        assertThat(flushing.join().sent()).isEqualTo(1L);
        assertThat(rig.sent()).hasSize(2);
    }

    @Test
    void theAmbientContextAttributesTheGenerationAndItsSession() {
        rig.openai.enqueueJson(OpenAiServer.completion("Hi", 5, 1, 0));
        PostHogContext.set(new EventContext("user-7", "session-1"));

        rig.chatModel().call(new Prompt("Hi?"));

        JsonNode event = rig.sent().get(0);
        assertThat(event.get("distinct_id").asString()).isEqualTo("user-7");
        assertThat(prop(event, "$session_id")).isEqualTo("session-1");
        assertThat(event.get("properties").has("$process_person_profile")).isFalse();
        assertThat(event.get("properties").has("$ai_cache_read_input_tokens")).isFalse();
    }

    @Test
    void aServerErrorSendsItsStatusAndMessageAndTheCallStillFails() {
        rig.openai.enqueueError(500, "{\"error\":{\"message\":\"the model is on fire\",\"type\":\"server_error\"}}");

        assertThatThrownBy(() -> rig.chatModel().call(new Prompt("Say hello")))
                .hasMessageContaining("the model is on fire");

        List<JsonNode> events = rig.sent();
        assertThat(events).hasSize(1);
        JsonNode props = events.get(0).get("properties");
        assertThat(props.get("$ai_is_error").asBoolean()).isTrue();
        assertThat(props.get("$ai_http_status").asInt()).isEqualTo(500);
        assertThat(props.get("$ai_error").asString()).contains("the model is on fire");
        assertThat(props.get("$ai_model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(props.get("$ai_input").toString()).contains("Say hello");
        assertThat(props.has("$ai_output_choices")).isFalse();
        assertThat(props.has("$ai_input_tokens")).isFalse();
    }

    @Test
    void aStreamedCallSendsOneGenerationWithTheAggregatedOutputAndUsage() {
        rig.openai.enqueueStream(
                OpenAiServer.chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null),
                OpenAiServer.chunk("{\"content\":\"lo!\"}", null),
                OpenAiServer.chunk("{}", "stop"),
                OpenAiServer.usageChunk(9, 2));

        List<ChatResponse> chunks = rig.chatModel().stream(new Prompt("Stream a greeting")).collectList().block();

        assertThat(chunks).isNotEmpty();
        List<JsonNode> events = rig.awaitSent(1);
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(stable(event)).isEqualTo(json("""
                {"event":"$ai_generation","distinct_id":"%s","properties":{
                  "$ai_provider":"openai",
                  "$ai_model":"gpt-4o-mini-2024-07-18",
                  "$ai_model_parameters":{"model":"gpt-4o-mini","temperature":0.2,"max_tokens":64,"stream":true},
                  "$ai_stream":true,
                  "$ai_base_url":"%s",
                  "$ai_input":[{"role":"user","content":"Stream a greeting"}],
                  "$ai_output_choices":[{"role":"assistant","content":"Hello!"}],
                  "$ai_input_tokens":9,
                  "$ai_output_tokens":2,
                  "$ai_http_status":200,
                  "$is_server":true,"$process_person_profile":false}}
                """.formatted(prop(event, "$ai_trace_id"), rig.openai.baseUrl())));
    }

    @Test
    void aCancelledStreamStillSendsExactlyOneGeneration() {
        rig.openai.enqueueStream(
                OpenAiServer.chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null),
                OpenAiServer.chunk("{\"content\":\"lo!\"}", null),
                OpenAiServer.chunk("{}", "stop"),
                OpenAiServer.usageChunk(9, 2));

        ChatResponse first = rig.chatModel().stream(new Prompt("Stream a greeting")).blockFirst();

        assertThat(first).isNotNull();
        List<JsonNode> events = rig.awaitSent(1);
        assertThat(events).hasSize(1);
        JsonNode props = events.get(0).get("properties");
        assertThat(props.get("$ai_stream").asBoolean()).isTrue();
        assertThat(props.get("$ai_input").toString()).contains("Stream a greeting");
        assertThat(props.has("$ai_is_error")).isFalse();
    }

    @Test
    void aStreamThatFailsSendsOneGenerationWithTheError() {
        rig.openai.enqueueError(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");

        assertThatThrownBy(() -> rig.chatModel().stream(new Prompt("Stream a greeting")).collectList().block())
                .hasMessageContaining("overloaded");

        List<JsonNode> events = rig.awaitSent(1);
        assertThat(events).hasSize(1);
        JsonNode props = events.get(0).get("properties");
        assertThat(props.get("$ai_is_error").asBoolean()).isTrue();
        assertThat(props.get("$ai_http_status").asInt()).isEqualTo(503);
        assertThat(props.get("$ai_stream").asBoolean()).isTrue();
    }
}
