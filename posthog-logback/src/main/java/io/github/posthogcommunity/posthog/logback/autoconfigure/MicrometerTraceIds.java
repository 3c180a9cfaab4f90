package io.github.posthogcommunity.posthog.logback.autoconfigure;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/** The ids of Micrometer Tracing's current span, when the application has one {@link Tracer}. */
final class MicrometerTraceIds implements Supplier<@Nullable TraceIds> {

    private final ObjectProvider<Tracer> tracer;

    MicrometerTraceIds(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    @Override
    public @Nullable TraceIds get() {
        Tracer current = tracer.getIfUnique();
        Span span = current == null ? null : current.currentSpan();
        return span == null ? null : TraceIds.of(span.context().traceId(), span.context().spanId());
    }
}
