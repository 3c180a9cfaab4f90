package io.github.posthogcommunity.posthog.logback.autoconfigure;

import io.github.posthogcommunity.posthog.BeforeSend;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogEvent;
import io.github.posthogcommunity.posthog.logback.CapturingServer;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class TraceIdsTests {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @RegisterExtension
    final CapturingServer posthog = new CapturingServer();

    private static PostHogEvent event(String name, Map<String, ?> properties) {
        return new PostHogEvent(name, "u", properties, Instant.EPOCH, UUID.randomUUID());
    }

    @Test
    void onlyExceptionEventsWithoutIdsGetThemFromTheFirstSourceThatHasASpan() {
        BeforeSend hook = TraceIds.beforeSend(List.of(() -> {
            throw new IllegalStateException("a broken tracer");
        }, () -> null, () -> new TraceIds(TRACE, SPAN)));

        assertThat(hook.apply(event("$exception", Map.of())).properties())
                .containsEntry("$trace_id", TRACE).containsEntry("$span_id", SPAN);
        assertThat(hook.apply(event("order placed", Map.of())).properties()).doesNotContainKey("$trace_id");
        assertThat(hook.apply(event("$exception", Map.of("$trace_id", "from-mdc"))).properties())
                .containsEntry("$trace_id", "from-mdc").doesNotContainKey("$span_id");
        assertThat(TraceIds.of(" ", SPAN)).isNull();
    }

    @Test
    void openTelemetrysCurrentSpan() {
        assertThat(new OpenTelemetryTraceIds().get()).isNull();
        SpanContext context = SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault());
        try (Scope ignored = io.opentelemetry.api.trace.Span.wrap(context).makeCurrent()) {
            assertThat(new OpenTelemetryTraceIds().get()).isEqualTo(new TraceIds(TRACE, SPAN));
        }
    }

    @Test
    void exceptionsCapturedByAnyPathCarryTheMicrometerSpan() {
        Tracer tracer = mock(Tracer.class);
        Span span = mock(Span.class);
        TraceContext context = mock(TraceContext.class);
        when(tracer.currentSpan()).thenReturn(span);
        when(span.context()).thenReturn(context);
        when(context.traceId()).thenReturn(TRACE);
        when(context.spanId()).thenReturn(SPAN);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                        PostHogTraceIdsAutoConfiguration.class))
                .withPropertyValues("posthog.api-key=phc_LoggingTestKey0123456789", "posthog.host=" + posthog.host(),
                        "posthog.compression=none", "posthog.flush-at=1000", "posthog.flush-interval=1h")
                .withBean(Tracer.class, () -> tracer)
                .run(app -> {
                    PostHogClient client = app.getBean(PostHogClient.class);
                    client.captureException(new IllegalStateException("boom"), "u");
                    JsonNode props = posthog.exceptions(client).get(0).path("properties");
                    assertThat(props.path("$trace_id").asString()).isEqualTo(TRACE);
                    assertThat(props.path("$span_id").asString()).isEqualTo(SPAN);
                });
    }
}
