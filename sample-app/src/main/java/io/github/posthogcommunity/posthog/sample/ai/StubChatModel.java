package io.github.posthogcommunity.posthog.sample.ai;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.Prompt;

import java.util.List;

/**
 * A chat model that answers in-process, so the sample runs with no network and no API key. It reports the same
 * observation as Spring AI's real model clients, which is all posthog-spring-ai needs: swap it for
 * {@code spring-ai-starter-model-openai} (or any other) and the events stay the same.
 */
final class StubChatModel implements ChatModel {

    static final String MODEL = "stub-echo-1";

    private final ObservationRegistry registry;

    StubChatModel(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        ChatModelObservationContext context = ChatModelObservationContext.builder()
                .prompt(prompt).provider("stub").build();
        return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
                .observation(null, new DefaultChatModelObservationConvention(), () -> context, registry)
                .observe(() -> {
                    String question = prompt.getUserMessage().getText();
                    String answer = "You asked: " + question;
                    ChatResponse response = new ChatResponse(List.of(new Generation(new AssistantMessage(answer))),
                            ChatResponseMetadata.builder().model(MODEL)
                                    .usage(new DefaultUsage(words(question), words(answer))).build());
                    context.setResponse(response);
                    return response;
                });
    }

    private static int words(String text) {
        return text == null || text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }
}
