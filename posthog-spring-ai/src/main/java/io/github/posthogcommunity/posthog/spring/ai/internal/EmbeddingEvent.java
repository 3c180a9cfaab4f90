package io.github.posthogcommunity.posthog.spring.ai.internal;

import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.posthogcommunity.posthog.spring.ai.internal.Messages.put;

/** The properties of the {@code $ai_embedding} event of one embedding-model call. */
final class EmbeddingEvent {

    private EmbeddingEvent() {
    }

    static Map<String, Object> properties(EmbeddingModelObservationContext context, ContentBudget budget) {
        Map<String, Object> props = new LinkedHashMap<>();
        EmbeddingOptions options = context.getRequest().getOptions();
        EmbeddingResponse response = context.getResponse();
        String requested = options == null ? null : options.getModel();
        String answered = response == null ? null : response.getMetadata().getModel();
        props.put("$ai_provider", context.getOperationMetadata().provider());
        put(props, "$ai_model", answered != null && !answered.isBlank() ? answered : requested);
        Map<String, Object> params = new LinkedHashMap<>();
        put(params, "model", requested);
        put(params, "dimensions", options == null ? null : options.getDimensions());
        props.put("$ai_model_parameters", params);
        put(props, "$ai_base_url", Reflective.baseUrl(options));
        List<String> inputs = context.getRequest().getInstructions();
        if (inputs.size() == 1) {
            put(props, "$ai_input", budget.content(inputs.get(0)));
        } else {
            put(props, "$ai_input", budget.list(inputs, budget::content));
        }
        if (response != null) {
            put(props, "$ai_input_tokens", response.getMetadata().getUsage().getPromptTokens());
        }
        return props;
    }
}
