package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.metrics;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Map;
import java.util.TreeMap;

/** Binds the meters of every {@link PostHogClient} bean, each tagged {@code client} with its bean name. */
final class PostHogClientsMetrics implements MeterBinder {

    private final Map<String, PostHogClient> clients;

    PostHogClientsMetrics(Map<String, PostHogClient> clients) {
        this.clients = new TreeMap<>(clients);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        clients.forEach((name, client) -> new PostHogClientMetrics(name, client).bindTo(registry));
    }
}
