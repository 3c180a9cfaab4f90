package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.metrics;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Micrometer meters of the PostHog client, when Micrometer and a {@link MeterRegistry} are present:
 * {@code posthog.queue.size} and {@code posthog.queue.capacity} gauges; {@code posthog.events.captured},
 * {@code posthog.events.sent}, {@code posthog.events.dropped} (tag {@code reason}), {@code posthog.events.retried}
 * and {@code posthog.batches.retried} counters; and the {@code posthog.batch.send} timer (tag {@code outcome}).
 * The timer and {@code posthog.events.retried} are fed only for the auto-configured client.
 */
@AutoConfiguration(after = PostHogAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, PostHogClient.class})
@ConditionalOnBean(MeterRegistry.class)
public class PostHogMetricsAutoConfiguration {

    @Bean
    DeliveryMetrics postHogDeliveryMetrics() {
        return new DeliveryMetrics();
    }

    /** Adds the listener before the application's customizers run. */
    @Bean
    @Order(0)
    PostHogClientCustomizer postHogDeliveryMetricsCustomizer(DeliveryMetrics metrics) {
        return builder -> builder.deliveryListener(metrics);
    }

    @Bean
    @ConditionalOnSingleCandidate(PostHogClient.class)
    PostHogClientMetrics postHogClientMetrics(PostHogClient client) {
        return new PostHogClientMetrics(client);
    }
}
