package io.github.posthogcommunity.posthog.spring.ai.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spring AI messages in the OpenAI-style shape PostHog renders: {@code {"role", "content"}}, assistant
 * {@code tool_calls}, and one {@code "tool"} message per tool response.
 */
final class Messages {

    private Messages() {
    }

    /** The prompt's messages, or {@code null} in privacy mode. */
    static @Nullable List<Object> input(Prompt prompt, ContentBudget budget) {
        List<Object> mapped = budget.list(prompt.getInstructions(), m -> format(m, budget));
        if (mapped == null) {
            return null;
        }
        List<Object> out = new ArrayList<>(mapped.size());
        for (Object item : mapped) {
            if (item instanceof List<?> several) {
                out.addAll(several); // a tool response message is one message per response
            } else {
                out.add(item);
            }
        }
        return out;
    }

    /** The response's choices, or {@code null} in privacy mode or without a response. */
    static @Nullable List<Object> output(@Nullable ChatResponse response, ContentBudget budget) {
        if (response == null || !budget.capturesContent()) {
            return null;
        }
        return budget.list(response.getResults(), (Generation g) -> assistant(g.getOutput(), budget));
    }

    private static @Nullable Object format(Message message, ContentBudget budget) {
        if (message instanceof AssistantMessage assistant) {
            return assistant(assistant, budget);
        }
        if (message instanceof ToolResponseMessage tools) {
            List<Object> responses = new ArrayList<>();
            for (ToolResponseMessage.ToolResponse response : tools.getResponses()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("role", "tool");
                put(item, "tool_call_id", response.id());
                put(item, "name", response.name());
                put(item, "content", budget.content(response.responseData()));
                responses.add(item);
            }
            return responses;
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("role", message.getMessageType().getValue());
        put(item, "content", budget.content(message.getText()));
        return item;
    }

    private static Map<String, Object> assistant(AssistantMessage message, ContentBudget budget) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("role", "assistant");
        String text = message.getText();
        put(item, "content", budget.content(text == null ? "" : text));
        if (message.hasToolCalls()) {
            List<Object> calls = budget.list(message.getToolCalls(), call -> {
                Map<String, Object> function = new LinkedHashMap<>();
                put(function, "name", call.name());
                put(function, "arguments", budget.content(call.arguments()));
                Map<String, Object> tool = new LinkedHashMap<>();
                put(tool, "id", call.id());
                tool.put("type", call.type() == null || call.type().isBlank() ? "function" : call.type());
                tool.put("function", function);
                return tool;
            });
            if (calls != null) {
                item.put("tool_calls", calls);
            }
        }
        return item;
    }

    static void put(Map<String, Object> map, String key, @Nullable Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
