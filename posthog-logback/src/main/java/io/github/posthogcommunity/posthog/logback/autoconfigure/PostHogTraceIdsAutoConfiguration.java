package io.github.posthogcommunity.posthog.logback.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer;
import io.micrometer.tracing.Tracer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * {@code $exception} events from every path (logs, web exception capture, {@code captureException}) carry the
 * {@code $trace_id} and {@code $span_id} of the current span: Micrometer Tracing's when the application has a
 * {@code Tracer}, else OpenTelemetry's {@code Span.current()} when the OpenTelemetry API is present
 * ({@code posthog.logging.trace-ids}, default on). A before-send hook of the auto-configured client.
 */
@AutoConfiguration
@ConditionalOnClass({PostHogClient.class, PostHogClientCustomizer.class})
@ConditionalOnBooleanProperty(name = PostHogLoggingProperties.PREFIX + ".trace-ids", matchIfMissing = true)
public class PostHogTraceIdsAutoConfiguration {

    private static final String MICROMETER_TRACER = "io.micrometer.tracing.Tracer";
    private static final String OPENTELEMETRY_SPAN = "io.opentelemetry.api.trace.Span";

    @Bean
    PostHogClientCustomizer postHogTraceIdsCustomizer(BeanFactory beanFactory) {
        ClassLoader loader = PostHogTraceIdsAutoConfiguration.class.getClassLoader();
        List<Supplier<@Nullable TraceIds>> sources = new ArrayList<>();
        if (ClassUtils.isPresent(MICROMETER_TRACER, loader)) {
            sources.add(Micrometer.source(beanFactory));
        }
        if (ClassUtils.isPresent(OPENTELEMETRY_SPAN, loader)) {
            sources.add(new OpenTelemetryTraceIds());
        }
        List<Supplier<@Nullable TraceIds>> found = List.copyOf(sources);
        return builder -> {
            if (!found.isEmpty()) {
                builder.beforeSend(TraceIds.beforeSend(found));
            }
        };
    }

    /** Keeps the Micrometer Tracing types out of the configuration class. */
    private static final class Micrometer {
        static Supplier<@Nullable TraceIds> source(BeanFactory beanFactory) {
            return new MicrometerTraceIds(beanFactory.getBeanProvider(Tracer.class));
        }
    }
}
