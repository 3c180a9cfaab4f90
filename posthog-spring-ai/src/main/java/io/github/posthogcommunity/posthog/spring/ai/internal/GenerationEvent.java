package io.github.posthogcommunity.posthog.spring.ai.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.posthogcommunity.posthog.spring.ai.internal.Messages.put;

/** The properties of the {@code $ai_generation} event of one chat-model call. */
final class GenerationEvent {

    private GenerationEvent() {
    }

    static Map<String, Object> properties(ChatModelObservationContext context, ContentBudget budget) {
        Map<String, Object> props = new LinkedHashMap<>();
        ChatOptions options = context.getRequest().getOptions();
        ChatResponse response = context.getResponse();
        String requestedModel = options == null ? null : options.getModel();
        String answeredModel = responseModel(response);
        props.put("$ai_provider", context.getOperationMetadata().provider());
        put(props, "$ai_model", answeredModel != null ? answeredModel : requestedModel);
        props.put("$ai_model_parameters", parameters(options, requestedModel, context.isStreaming()));
        props.put("$ai_stream", context.isStreaming());
        put(props, "$ai_base_url", Reflective.baseUrl(options));
        put(props, "$ai_input", Messages.input(context.getRequest(), budget));
        put(props, "$ai_output_choices", Messages.output(response, budget));
        if (response != null) {
            usage(props, response.getMetadata().getUsage());
        }
        put(props, "$ai_tools", tools(options, budget));
        return props;
    }

    static @Nullable String responseModel(@Nullable ChatResponse response) {
        if (response == null) {
            return null;
        }
        ChatResponseMetadata metadata = response.getMetadata();
        String model = metadata.getModel();
        return model == null || model.isBlank() ? null : model;
    }

    private static Map<String, Object> parameters(@Nullable ChatOptions options, @Nullable String requestedModel,
                                                  boolean stream) {
        Map<String, Object> params = new LinkedHashMap<>();
        put(params, "model", requestedModel);
        if (options != null) {
            put(params, "temperature", options.getTemperature());
            put(params, "max_tokens", options.getMaxTokens());
            put(params, "top_p", options.getTopP());
            put(params, "top_k", options.getTopK());
            put(params, "frequency_penalty", options.getFrequencyPenalty());
            put(params, "presence_penalty", options.getPresencePenalty());
            List<String> stop = options.getStopSequences();
            if (stop != null && !stop.isEmpty()) {
                params.put("stop", List.copyOf(stop));
            }
        }
        params.put("stream", stream);
        return params;
    }

    static void usage(Map<String, Object> props, @Nullable Usage usage) {
        if (usage == null) {
            return;
        }
        put(props, "$ai_input_tokens", usage.getPromptTokens());
        put(props, "$ai_output_tokens", usage.getCompletionTokens());
        Long cacheRead = usage.getCacheReadInputTokens();
        if (cacheRead != null && cacheRead > 0) {
            props.put("$ai_cache_read_input_tokens", cacheRead);
        }
        Long cacheWrite = usage.getCacheWriteInputTokens();
        if (cacheWrite != null && cacheWrite > 0) {
            props.put("$ai_cache_creation_input_tokens", cacheWrite);
        }
    }

    /** The tools offered to the model, OpenAI style; left out in privacy mode. */
    private static @Nullable List<Object> tools(@Nullable ChatOptions options, ContentBudget budget) {
        if (!(options instanceof ToolCallingChatOptions toolOptions)) {
            return null;
        }
        List<ToolCallback> callbacks = toolOptions.getToolCallbacks();
        if (callbacks == null || callbacks.isEmpty()) {
            return null;
        }
        return budget.list(callbacks, callback -> {
            ToolDefinition definition = callback.getToolDefinition();
            Map<String, Object> function = new LinkedHashMap<>();
            put(function, "name", definition.name());
            put(function, "description", budget.content(definition.description()));
            put(function, "parameters", budget.content(definition.inputSchema()));
            Map<String, Object> tool = new LinkedHashMap<>();
            tool.put("type", "function");
            tool.put("function", function);
            return tool;
        });
    }
}
