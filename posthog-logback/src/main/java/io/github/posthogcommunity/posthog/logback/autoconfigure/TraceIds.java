package io.github.posthogcommunity.posthog.logback.autoconfigure;

import io.github.posthogcommunity.posthog.BeforeSend;
import io.github.posthogcommunity.posthog.PostHogEvent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The trace and span ids of the current span, and the before-send hook that adds them to {@code $exception} events
 * as {@code $trace_id} and {@code $span_id} (unless the event has them already, as a logged event with the ids in
 * its MDC does). The hook runs on the capturing thread, where the span of the failing work is current.
 */
record TraceIds(String traceId, String spanId) {

    /** A hook asking each source in turn; a source that throws is skipped. */
    static BeforeSend beforeSend(List<Supplier<@Nullable TraceIds>> sources) {
        return event -> {
            if (!"$exception".equals(event.event()) || event.properties().containsKey("$trace_id")) {
                return event;
            }
            TraceIds ids = current(sources);
            return ids == null ? event : withIds(event, ids);
        };
    }

    private static @Nullable TraceIds current(List<Supplier<@Nullable TraceIds>> sources) {
        for (Supplier<@Nullable TraceIds> source : sources) {
            try {
                TraceIds ids = source.get();
                if (ids != null) {
                    return ids;
                }
            } catch (RuntimeException | LinkageError e) {
                // a tracer that fails must not cost the event
            }
        }
        return null;
    }

    private static PostHogEvent withIds(PostHogEvent event, TraceIds ids) {
        Map<String, Object> properties = new LinkedHashMap<>(event.properties());
        properties.put("$trace_id", ids.traceId());
        properties.put("$span_id", ids.spanId());
        return event.withProperties(properties);
    }

    /** {@code null} for blank ids (no span, or a span that is not sampled and carries no ids). */
    static @Nullable TraceIds of(@Nullable String traceId, @Nullable String spanId) {
        if (traceId == null || traceId.isBlank() || spanId == null || spanId.isBlank()) {
            return null;
        }
        return new TraceIds(traceId, spanId);
    }
}
