package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.metrics;

import io.github.posthogcommunity.posthog.AttemptReport;
import io.github.posthogcommunity.posthog.DeliveryListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code posthog.batch.send} timer tagged by {@code outcome}, fed by the client's delivery notifications.
 * Added to each client as a {@link DeliveryListener}; notifications arrive on the client's notifier
 * thread.
 */
final class DeliveryMetrics implements DeliveryListener, MeterBinder {

    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final String client;

    /** @param client the bean name of the client, its {@code client} tag */
    DeliveryMetrics(String client) {
        this.client = client;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (AttemptReport.Outcome outcome : AttemptReport.Outcome.values()) {
            timer(registry, outcome);
        }
        registries.add(registry);
    }

    @Override
    public void onAttempt(AttemptReport report) {
        for (MeterRegistry registry : registries) {
            timer(registry, report.outcome()).record(report.duration());
        }
    }

    private Timer timer(MeterRegistry registry, AttemptReport.Outcome outcome) {
        return Timer.builder("posthog.batch.send")
                .description("HTTP attempts to deliver a batch of events, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .tag(PostHogClientMetrics.CLIENT_TAG, client)
                .register(registry);
    }
}
