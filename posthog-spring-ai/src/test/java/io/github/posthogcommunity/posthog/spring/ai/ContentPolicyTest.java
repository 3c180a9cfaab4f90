package io.github.posthogcommunity.posthog.spring.ai;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static io.github.posthogcommunity.posthog.spring.ai.AiRig.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Privacy mode, the content size cap and the redaction hook, seen on the wire. */
class ContentPolicyTest {

    private static final List<String> CONTENT_PROPERTIES =
            List.of("$ai_input", "$ai_output_choices", "$ai_input_state", "$ai_output_state", "$ai_tools");

    @Nested
    class PrivacyMode {

        @RegisterExtension
        final AiRig rig = new AiRig(h -> h.privacyMode(true));

        @Test
        void noInputOutputToolArgumentResultNorDefinitionIsSent() {
            rig.openai.enqueueJson(OpenAiServer.toolCall("call_1", "weather", "{\"city\":\"Paris\"}"));
            rig.openai.enqueueJson(OpenAiServer.completion("It is sunny in Paris.", 40, 8, 0));

            String answer = rig.chatClient().prompt().system("You answer briefly.").user("Weather in Paris?")
                    .tools(new ToolCallingTraceTest.WeatherTools()).call().content();

            assertThat(answer).isEqualTo("It is sunny in Paris.");
            List<JsonNode> events = rig.sent();
            assertThat(events).hasSize(7);
            for (JsonNode event : events) {
                assertThat(event.get("properties").propertyNames()).doesNotContainAnyElementsOf(CONTENT_PROPERTIES);
            }
            String wire = String.join("\n", rig.posthog.aiBodies());
            assertThat(wire).doesNotContain("Paris", "briefly", "sunny", "The weather of a city");
            JsonNode last = events.stream().filter(e -> e.get("event").asString().equals("$ai_generation"))
                    .filter(e -> e.get("properties").get("$ai_input_tokens").asInt() == 40).findFirst()
                    .orElseThrow();
            assertThat(last.get("properties").get("$ai_output_tokens").asInt()).isEqualTo(8);
            assertThat(last.get("properties").get("$ai_model").asString()).isEqualTo(OpenAiServer.MODEL);
        }
    }

    @Nested
    class SizeCap {

        @RegisterExtension
        final AiRig rig = new AiRig(h -> h.maxContentLength(30));

        @Test
        void contentOverTheCapIsCutWithAMarkerAndTheEventIsStillSent() {
            rig.openai.enqueueJson(OpenAiServer.completion("Hello there", 12, 3, 0));

            rig.chatModel().call(new Prompt("Say hello to everyone"));

            JsonNode props = rig.sent().get(0).get("properties");
            // 16 characters are charged per message, so 14 are left for the text of the first one
            assertThat(props.get("$ai_input")).isEqualTo(json("""
                    [{"role":"user","content":"Say hello to e… [truncated: 7 more characters]"}]"""));
            assertThat(props.get("$ai_output_choices")).isEqualTo(json("""
                    ["[truncated: 1 more items]"]"""));
            assertThat(props.get("$ai_input_tokens").asInt()).isEqualTo(12);
        }

        @Test
        void aHugeConversationKeepsItsFirstMessagesAndCountsTheRest() {
            rig.openai.enqueueJson(OpenAiServer.completion("ok", 12, 3, 0));
            List<Message> messages = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                messages.add(new UserMessage("m" + i));
            }

            rig.chatModel().call(new Prompt(messages));

            JsonNode input = rig.sent().get(0).get("properties").get("$ai_input");
            assertThat(input).hasSize(3);
            assertThat(input.get(0).get("content").asString()).isEqualTo("m0");
            assertThat(input.get(2).asString()).isEqualTo("[truncated: 9998 more items]");
        }
    }

    @Nested
    class DefaultCap {

        @RegisterExtension
        final AiRig rig = new AiRig();

        @Test
        void aPromptOfTwoMillionCharactersStillArrivesCut() {
            rig.openai.enqueueJson(OpenAiServer.completion("ok", 12, 3, 0));

            rig.chatModel().call(new Prompt("x".repeat(2_000_000)));

            List<JsonNode> events = rig.sent();
            assertThat(events).hasSize(1);
            String content = events.get(0).get("properties").get("$ai_input").get(0).get("content").asString();
            assertThat(content).startsWith("x".repeat(1000))
                    .endsWith("… [truncated: " + (2_000_000 - (100_000 - 16)) + " more characters]");
            assertThat(rig.client.aiStats().dropped(io.github.posthogcommunity.posthog.DropReason.TOO_LARGE))
                    .isZero();
        }
    }

    @Nested
    class Redaction {

        @RegisterExtension
        final AiRig rig = new AiRig(h -> h.redactor(text -> text.replaceAll("[0-9]", "#")));

        @Test
        void theRedactorRewritesInputsAndOutputs() {
            rig.openai.enqueueJson(OpenAiServer.completion("Your pin 1234 is safe", 12, 3, 0));

            rig.chatModel().call(new Prompt("My pin is 1234"));

            assertThat(rig.sent()).hasSize(1);
            String wire = String.join("\n", rig.posthog.aiBodies());
            assertThat(wire).doesNotContain("1234").contains("My pin is ####", "Your pin #### is safe");
        }
    }

    @Nested
    class FailingRedaction {

        @RegisterExtension
        final AiRig rig = new AiRig(h -> h.redactor(text -> {
            throw new IllegalStateException("redactor bug");
        }));

        @Test
        void aThrowingRedactorReplacesTheContentAndNeitherTheCallNorTheEventIsLost() {
            rig.openai.enqueueJson(OpenAiServer.completion("Secret answer", 12, 3, 0));

            String answer = rig.chatModel().call(new Prompt("Secret question")).getResult().getOutput().getText();

            assertThat(answer).isEqualTo("Secret answer");
            List<JsonNode> events = rig.sent();
            assertThat(events).hasSize(1);
            assertThat(events.get(0).get("properties").get("$ai_input")).isEqualTo(json("""
                    [{"role":"user","content":"[redacted: the content redactor failed]"}]"""));
            assertThat(String.join("", rig.posthog.aiBodies())).doesNotContain("Secret");
        }
    }
}
