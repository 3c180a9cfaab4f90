package io.github.posthogcommunity.posthog.spring.ai.internal;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;

/** Reads the trace id Micrometer Tracing gave an observation. Loaded only when Micrometer Tracing is present. */
final class TracingTraceId {

    private TracingTraceId() {
    }

    static @Nullable String of(Observation.Context context) {
        TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
        Span span = tracing == null ? null : tracing.getSpan();
        if (span == null) {
            return null;
        }
        String traceId = span.context().traceId();
        return traceId == null || traceId.isBlank() || traceId.chars().allMatch(c -> c == '0') ? null : traceId;
    }
}
