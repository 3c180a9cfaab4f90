package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.metrics;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Micrometer meters of every PostHog client bean, when Micrometer and a {@link MeterRegistry} are present, each
 * tagged {@code client} with the client's bean name: {@code posthog.queue.size} and {@code posthog.queue.capacity}
 * gauges; {@code posthog.events.captured}, {@code posthog.events.sent}, {@code posthog.events.dropped} (tag
 * {@code reason}), {@code posthog.events.retried} and {@code posthog.batches.retried} counters; the flag counters;
 * and the {@code posthog.batch.send} timer (tag {@code outcome}), which needs a delivery listener and is therefore
 * fed for the auto-configured client ({@code client=postHogClient}). Each bean is replaceable by one of the same
 * name.
 */
@AutoConfiguration(after = PostHogAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, PostHogClient.class})
@ConditionalOnBean(MeterRegistry.class)
public class PostHogMetricsAutoConfiguration {

    /** The bean name of the auto-configured client, the {@code client} tag of its timer. */
    static final String AUTO_CONFIGURED_CLIENT = "postHogClient";

    @Bean
    @ConditionalOnMissingBean(name = "postHogDeliveryMetrics")
    DeliveryMetrics postHogDeliveryMetrics() {
        return new DeliveryMetrics(AUTO_CONFIGURED_CLIENT);
    }

    /** Adds the listener before the application's customizers run. */
    @Bean
    @Order(0)
    @ConditionalOnMissingBean(name = "postHogDeliveryMetricsCustomizer")
    PostHogClientCustomizer postHogDeliveryMetricsCustomizer(DeliveryMetrics metrics) {
        return builder -> builder.deliveryListener(metrics);
    }

    @Bean
    @ConditionalOnMissingBean(name = "postHogClientMetrics")
    @ConditionalOnBean(PostHogClient.class)
    PostHogClientsMetrics postHogClientMetrics(Map<String, PostHogClient> clients) {
        return new PostHogClientsMetrics(clients);
    }
}
