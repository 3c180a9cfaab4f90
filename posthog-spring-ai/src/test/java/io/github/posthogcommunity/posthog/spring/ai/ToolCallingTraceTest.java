package io.github.posthogcommunity.posthog.spring.ai;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.tool.annotation.Tool;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.github.posthogcommunity.posthog.spring.ai.AiRig.prop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A chat-client conversation with a tool call becomes one trace whose spans link up to it. */
class ToolCallingTraceTest {

    @RegisterExtension
    final AiRig rig = new AiRig();

    static final class WeatherTools {
        @Tool(description = "The weather of a city")
        String weather(String city) {
            return "sunny in " + city;
        }
    }

    @Test
    void aToolCallingConversationIsOneTraceWithItsSpans() {
        rig.openai.enqueueJson(OpenAiServer.toolCall("call_1", "weather", "{\"city\":\"Paris\"}"));
        rig.openai.enqueueJson(OpenAiServer.completion("It is sunny in Paris.", 40, 8, 0));

        String answer = rig.chatClient().prompt()
                .system("You answer briefly.")
                .user("Weather in Paris?")
                .tools(new WeatherTools())
                .call().content();

        assertThat(answer).isEqualTo("It is sunny in Paris.");
        List<JsonNode> events = rig.sent();
        Map<String, Long> counts = events.stream()
                .collect(Collectors.groupingBy(e -> e.get("event").asString(), Collectors.counting()));
        assertThat(counts).containsEntry("$ai_trace", 1L).containsEntry("$ai_generation", 2L);

        JsonNode trace = only(events, "$ai_trace");
        String traceId = prop(trace, "$ai_trace_id");
        assertThat(events).allSatisfy(e -> assertThat(prop(e, "$ai_trace_id")).isEqualTo(traceId));
        assertThat(events).allSatisfy(e -> assertThat(e.get("distinct_id").asString()).isEqualTo(traceId));
        assertThat(trace.get("properties").has("$ai_parent_id")).isFalse();
        assertThat(trace.get("properties").has("$ai_span_id")).isFalse();
        assertThat(prop(trace, "$ai_span_name")).isEqualTo("spring_ai chat_client");
        assertThat(trace.get("properties").get("$ai_input_state").toString())
                .contains("You answer briefly.", "Weather in Paris?");
        assertThat(trace.get("properties").get("$ai_output_state").toString()).contains("It is sunny in Paris.");

        // Every other event hangs off the trace or off another event of it: one tree.
        Map<String, JsonNode> bySpan = new HashMap<>();
        events.stream().filter(e -> e != trace).forEach(e -> bySpan.put(prop(e, "$ai_span_id"), e));
        assertThat(bySpan).hasSize(events.size() - 1);
        for (JsonNode event : bySpan.values()) {
            String parent = prop(event, "$ai_parent_id");
            assertThat(parent).as("parent of %s", event).isNotNull();
            assertThat(parent.equals(traceId) || bySpan.containsKey(parent)).as("parent of %s", event).isTrue();
        }

        JsonNode tool = events.stream().filter(e -> "weather".equals(prop(e, "$ai_span_name"))).findFirst()
                .orElseThrow();
        assertThat(tool.get("event").asString()).isEqualTo("$ai_span");
        assertThat(prop(tool, "$ai_input_state")).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(prop(tool, "$ai_output_state")).isEqualTo("\"sunny in Paris\"");

        List<JsonNode> generations = events.stream().filter(e -> e.get("event").asString().equals("$ai_generation"))
                .toList();
        JsonNode first = generations.stream().filter(g -> g.get("properties").get("$ai_output_choices").toString()
                .contains("tool_calls")).findFirst().orElseThrow();
        assertThat(first.get("properties").get("$ai_output_choices")).isEqualTo(AiRig.json("""
                [{"role":"assistant","content":"","tool_calls":[{"id":"call_1","type":"function",
                  "function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}]"""));
        assertThat(first.get("properties").get("$ai_tools").get(0).get("function").get("name").asString())
                .isEqualTo("weather");
        JsonNode second = generations.stream().filter(g -> g != first).findFirst().orElseThrow();
        assertThat(second.get("properties").get("$ai_input").toString())
                .contains("\"role\":\"tool\"", "\"tool_call_id\":\"call_1\"", "sunny in Paris");
        assertThat(second.get("properties").get("$ai_input_tokens").asInt()).isEqualTo(40);

        // trace → tool-calling advisor → (model-call advisor → generation) per round, and the tool between rounds
        assertThat(ancestors(tool, bySpan, traceId)).containsExactly("Tool Calling Advisor");
        for (JsonNode generation : generations) {
            assertThat(ancestors(generation, bySpan, traceId)).containsExactly("call", "Tool Calling Advisor");
        }
        assertThat(events).hasSize(7);
    }

    @Test
    void theAdvisorContextKeyOverridesTheAmbientIdentityForTheWholeTrace() {
        rig.openai.enqueueJson(OpenAiServer.completion("Hi", 5, 1, 0));
        PostHogContext.set(new EventContext("ambient-user", "session-9"));

        rig.chatClient().prompt().user("Hi?")
                .advisors(a -> a.param(PostHogAiParams.DISTINCT_ID, "user-42"))
                .call().content();

        List<JsonNode> events = rig.sent();
        assertThat(events).hasSizeGreaterThanOrEqualTo(2);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("distinct_id").asString()).isEqualTo("user-42");
            assertThat(prop(e, "$session_id")).isEqualTo("session-9");
            assertThat(e.get("properties").has("$process_person_profile")).isFalse();
        });
    }

    @Test
    void withoutAnOverrideTheTraceTakesTheAmbientIdentity() {
        rig.openai.enqueueJson(OpenAiServer.completion("Hi", 5, 1, 0));
        PostHogContext.set(new EventContext("ambient-user", null));

        rig.chatClient().prompt().user("Hi?").call().content();

        assertThat(rig.sent()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.get("distinct_id").asString()).isEqualTo("ambient-user"));
    }

    @Test
    void aFailedChatClientCallMarksTheTraceAndTheGenerationWithTheError() {
        rig.openai.enqueueError(500, "{\"error\":{\"message\":\"the model is on fire\",\"type\":\"server_error\"}}");

        assertThatThrownBy(() -> rig.chatClient().prompt().user("Hi?").call().content())
                .hasMessageContaining("the model is on fire");

        List<JsonNode> events = rig.sent();
        JsonNode trace = only(events, "$ai_trace");
        JsonNode generation = only(events, "$ai_generation");
        assertThat(trace.get("properties").get("$ai_is_error").asBoolean()).isTrue();
        assertThat(trace.get("properties").has("$ai_http_status")).isFalse();
        assertThat(generation.get("properties").get("$ai_http_status").asInt()).isEqualTo(500);
        assertThat(prop(generation, "$ai_trace_id")).isEqualTo(prop(trace, "$ai_trace_id"));
    }

    @Test
    void aStreamedChatClientCallIsOneTraceSentWhenTheStreamEnds() {
        rig.openai.enqueueStream(
                OpenAiServer.chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null),
                OpenAiServer.chunk("{\"content\":\"lo!\"}", null),
                OpenAiServer.chunk("{}", "stop"),
                OpenAiServer.usageChunk(9, 2));

        String text = String.join("", rig.chatClient().prompt().user("Stream a greeting").stream().content()
                .collectList().block());

        assertThat(text).isEqualTo("Hello!");
        // the chat client's observation stops after the subscriber saw the end, on the stream's thread
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> rig.sent().stream().anyMatch(e -> e.get("event").asString().equals("$ai_trace")));
        List<JsonNode> events = rig.sent();
        JsonNode trace = only(events, "$ai_trace");
        JsonNode generation = only(events, "$ai_generation");
        String traceId = prop(trace, "$ai_trace_id");
        assertThat(events).allSatisfy(e -> assertThat(prop(e, "$ai_trace_id")).isEqualTo(traceId));
        assertThat(trace.get("properties").get("$ai_stream").asBoolean()).isTrue();
        assertThat(generation.get("properties").get("$ai_output_choices").toString()).contains("Hello!");
        assertThat(generation.get("properties").get("$ai_output_tokens").asInt()).isEqualTo(2);
        Map<String, JsonNode> bySpan = new HashMap<>();
        events.stream().filter(e -> e != trace).forEach(e -> bySpan.put(prop(e, "$ai_span_id"), e));
        assertThat(ancestors(generation, bySpan, traceId)).isNotEmpty().doesNotContainNull();
    }

    private static List<String> ancestors(JsonNode event, Map<String, JsonNode> bySpan, String traceId) {
        List<String> names = new ArrayList<>();
        String parent = prop(event, "$ai_parent_id");
        while (parent != null && !parent.equals(traceId)) {
            JsonNode up = bySpan.get(parent);
            names.add(prop(up, "$ai_span_name"));
            parent = prop(up, "$ai_parent_id");
        }
        return names;
    }

    private static JsonNode only(List<JsonNode> events, String name) {
        List<JsonNode> matching = events.stream().filter(e -> e.get("event").asString().equals(name)).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }
}
