package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.metrics;

import io.github.posthogcommunity.posthog.PostHogClientBuilder;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer;

import org.springframework.core.Ordered;

/** Adds the {@link DeliveryMetrics} listener to the auto-configured client, before the application's customizers. */
final class DeliveryMetricsCustomizer implements PostHogClientCustomizer, Ordered {

    private final DeliveryMetrics metrics;

    DeliveryMetricsCustomizer(DeliveryMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void customize(PostHogClientBuilder builder) {
        builder.deliveryListener(metrics);
    }

    @Override
    public int getOrder() {
        return 0;
    }
}
