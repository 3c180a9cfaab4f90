package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.metrics;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binds the meters of every {@link PostHogClient} bean, each tagged {@code client} with its bean name: the stats
 * meters, and the {@code posthog.batch.send} timer through a delivery listener added to each client (the
 * application's own client beans included).
 */
final class PostHogClientsMetrics implements MeterBinder {

    private final List<MeterBinder> binders = new ArrayList<>();

    PostHogClientsMetrics(Map<String, PostHogClient> clients) {
        new TreeMap<>(clients).forEach((name, client) -> {
            DeliveryMetrics delivery = new DeliveryMetrics(name);
            client.addDeliveryListener(delivery);
            binders.add(new PostHogClientMetrics(name, client));
            binders.add(delivery);
        });
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        binders.forEach(binder -> binder.bindTo(registry));
    }
}
