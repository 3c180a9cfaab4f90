package io.github.posthogcommunity.posthog.spring.ai.internal;

import io.micrometer.observation.Observation;
import io.github.posthogcommunity.posthog.spring.ai.PostHogAiParams;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

import java.util.Map;

/**
 * Maps the Spring AI observation contexts this integration captures to PostHog LLM-analytics events:
 * chat model → {@code $ai_generation}, embedding model → {@code $ai_embedding}, tool call and advisor →
 * {@code $ai_span}, chat client → {@code $ai_trace} at the root (else {@code $ai_span}).
 */
public final class AiEvents {

    private static final boolean CLIENT_CHAT =
            isPresent("org.springframework.ai.chat.client.observation.ChatClientObservationContext");

    private AiEvents() {
    }

    /** One event to send. */
    public record AiEvent(String name, String distinctId, Map<String, Object> properties) {
    }

    /** Whether {@code context} is one this integration captures. */
    public static boolean supports(Observation.Context context) {
        return context instanceof ChatModelObservationContext
                || context instanceof EmbeddingModelObservationContext
                || context instanceof ToolCallingObservationContext
                || (CLIENT_CHAT && ClientEvents.supports(context));
    }

    /** The span state of an observation that starts now. */
    public static AiSpan start(Observation.Context context, long nowNanos) {
        boolean chatClient = CLIENT_CHAT && ClientEvents.isChatClient(context);
        String override = CLIENT_CHAT ? ClientEvents.distinctIdOverride(context, PostHogAiParams.DISTINCT_ID) : null;
        return AiSpan.start(context, override, chatClient, nowNanos);
    }

    /** The event of an observation that stopped, or {@code null} when it is not one this integration captures. */
    public static @Nullable AiEvent stop(Observation.Context context, AiSpan span, ContentBudget budget,
                                         long nowNanos) {
        String name;
        Map<String, Object> props;
        if (context instanceof ChatModelObservationContext chat) {
            name = "$ai_generation";
            props = GenerationEvent.properties(chat, budget);
        } else if (context instanceof EmbeddingModelObservationContext embedding) {
            name = "$ai_embedding";
            props = EmbeddingEvent.properties(embedding, budget);
        } else if (context instanceof ToolCallingObservationContext tool) {
            name = "$ai_span";
            props = ToolSpanEvent.properties(tool, budget);
        } else if (CLIENT_CHAT && ClientEvents.supports(context)) {
            name = span.traceRoot() ? "$ai_trace" : "$ai_span";
            props = ClientEvents.properties(context, budget);
        } else {
            return null;
        }
        String traceId = span.trace().id();
        props.put("$ai_trace_id", traceId);
        if (!span.traceRoot()) {
            props.put("$ai_span_id", span.spanId());
        }
        Messages.put(props, "$ai_parent_id", span.parentId());
        props.put("$ai_latency", Math.max(0, nowNanos - span.startNanos()) / 1e9);
        Throwable error = context.getError();
        boolean modelCall = !name.equals("$ai_span") && !name.equals("$ai_trace");
        if (error != null) {
            props.put("$ai_is_error", true);
            Messages.put(props, "$ai_error", budget.metadata(describe(error)));
            if (modelCall) {
                Messages.put(props, "$ai_http_status", Reflective.httpStatus(error));
            }
        } else if (modelCall) {
            props.put("$ai_http_status", 200);
        }
        if (span.sessionId() != null && !span.sessionId().isBlank()) {
            props.put("$session_id", span.sessionId());
        }
        String distinctId = span.distinctId();
        if (distinctId == null) {
            distinctId = traceId; // personless: every event of the trace under one anonymous id
            props.put("$process_person_profile", false);
        }
        return new AiEvent(name, distinctId, props);
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getName()
                : error.getClass().getName() + ": " + message;
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, AiEvents.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
