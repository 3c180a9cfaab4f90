package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.metrics;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of every PostHog client bean, when Micrometer and a {@link MeterRegistry} are present, each
 * tagged {@code client} with the client's bean name: {@code posthog.queue.size} and {@code posthog.queue.capacity}
 * gauges; {@code posthog.events.captured}, {@code posthog.events.sent}, {@code posthog.events.dropped} (tag
 * {@code reason}), {@code posthog.events.retried} and {@code posthog.batches.retried} counters; the flag counters;
 * and the {@code posthog.batch.send} timer (tag {@code outcome}), fed by a delivery listener the binder adds to
 * each client, the application's own client beans included. A bean named {@code postHogClientMetrics} of the
 * application replaces the binder.
 */
@AutoConfiguration(after = PostHogAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, PostHogClient.class})
@ConditionalOnBean(MeterRegistry.class)
public class PostHogMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "postHogClientMetrics")
    @ConditionalOnBean(PostHogClient.class)
    PostHogClientsMetrics postHogClientMetrics(Map<String, PostHogClient> clients) {
        return new PostHogClientsMetrics(clients);
    }
}
