package io.github.posthogcommunity.posthog.spring.ai.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import io.micrometer.observation.Observation;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.github.posthogcommunity.posthog.spring.ai.internal.Messages.put;

/**
 * Chat-client and advisor observations, whose types live in {@code spring-ai-client-chat}: this class is loaded
 * only when that module is present.
 */
final class ClientEvents {

    static final String CHAT_CLIENT_SPAN = "spring_ai chat_client";

    private ClientEvents() {
    }

    static boolean supports(Observation.Context context) {
        return context instanceof ChatClientObservationContext || context instanceof AdvisorObservationContext;
    }

    static boolean isChatClient(Observation.Context context) {
        return context instanceof ChatClientObservationContext;
    }

    /** The distinct id a chat-client call set in its advisor context, or {@code null}. */
    static @Nullable String distinctIdOverride(Observation.Context context, String key) {
        ChatClientRequest request = context instanceof ChatClientObservationContext client ? client.getRequest()
                : context instanceof AdvisorObservationContext advisor ? advisor.getChatClientRequest() : null;
        if (request == null) {
            return null;
        }
        Object value = request.context().get(key);
        return value instanceof String id && !id.isBlank() ? id : null;
    }

    /** The span name and states of a chat-client or advisor observation. */
    static Map<String, Object> properties(Observation.Context context, ContentBudget budget) {
        Map<String, Object> props = new LinkedHashMap<>();
        if (context instanceof ChatClientObservationContext client) {
            props.put("$ai_span_name", CHAT_CLIENT_SPAN);
            put(props, "$ai_input_state", Messages.input(client.getRequest().prompt(), budget));
            ChatClientResponse response = client.getResponse();
            put(props, "$ai_output_state", Messages.output(response == null ? null : response.chatResponse(), budget));
            props.put("$ai_stream", client.isStream());
        } else if (context instanceof AdvisorObservationContext advisor) {
            props.put("$ai_span_name", advisor.getAdvisorName());
        }
        return props;
    }
}
