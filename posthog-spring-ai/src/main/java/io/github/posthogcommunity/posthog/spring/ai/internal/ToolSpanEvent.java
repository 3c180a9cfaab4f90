package io.github.posthogcommunity.posthog.spring.ai.internal;

import org.springframework.ai.tool.observation.ToolCallingObservationContext;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.github.posthogcommunity.posthog.spring.ai.internal.Messages.put;

/** The properties of the {@code $ai_span} event of one tool call. */
final class ToolSpanEvent {

    private ToolSpanEvent() {
    }

    static Map<String, Object> properties(ToolCallingObservationContext context, ContentBudget budget) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("$ai_span_name", context.getToolDefinition().name());
        put(props, "$ai_input_state", budget.content(context.getToolCallArguments()));
        put(props, "$ai_output_state", budget.content(context.getToolCallResult()));
        return props;
    }
}
