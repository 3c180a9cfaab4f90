package io.github.posthogcommunity.posthog.logback.autoconfigure;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/** The ids of OpenTelemetry's current span ({@link Span#current()}), when it is valid. */
final class OpenTelemetryTraceIds implements Supplier<@Nullable TraceIds> {

    @Override
    public @Nullable TraceIds get() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? TraceIds.of(context.getTraceId(), context.getSpanId()) : null;
    }
}
