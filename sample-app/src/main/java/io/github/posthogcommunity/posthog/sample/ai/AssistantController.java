package io.github.posthogcommunity.posthog.sample.ai;

import io.github.posthogcommunity.posthog.spring.ai.PostHogAiParams;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code POST /assistant}: a Spring AI chat client call. posthog-spring-ai sends it as an {@code $ai_trace} with its
 * {@code $ai_generation} and advisor spans, attributed to {@code userId} through the advisor context (without it, to
 * the ambient PostHog context, else personless).
 */
@RestController
class AssistantController {

    private final ChatClient chat;

    AssistantController(ObservationRegistry registry) {
        this.chat = ChatClient.builder(new StubChatModel(registry), registry, null, null)
                .defaultSystem("You answer briefly.")
                .build();
    }

    record Question(String userId, String question) {
    }

    @PostMapping("/assistant")
    ResponseEntity<Map<String, Object>> ask(@RequestBody Question request) {
        if (request.question() == null || request.question().isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "question is required"));
        }
        String answer = chat.prompt()
                .user(request.question())
                .advisors(a -> {
                    if (request.userId() != null && !request.userId().isBlank()) {
                        a.param(PostHogAiParams.DISTINCT_ID, request.userId());
                    }
                })
                .call()
                .content();
        return ResponseEntity.ok(Map.of("answer", answer == null ? "" : answer));
    }
}
