package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.metrics;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * Binds one client's delivery counters ({@code PostHogClient.stats()}) as meters tagged with the client's bean
 * name ({@code client}): queue gauges, and function counters for the counts that only grow. Reads the core's snapshot; the core stays free of Micrometer.
 */
final class PostHogClientMetrics implements MeterBinder {

    /** The tag naming the client (its bean name) on every PostHog meter. */
    static final String CLIENT_TAG = "client";

    private final PostHogClient client;
    private final Tags tags;

    PostHogClientMetrics(String name, PostHogClient client) {
        this.client = client;
        this.tags = Tags.of(CLIENT_TAG, name);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("posthog.queue.size", client, c -> c.stats().pending())
                .description("Events accepted and not yet finished: queued, batched, in flight or awaiting retry")
                .baseUnit(BaseUnits.EVENTS).tags(tags).register(registry);
        Gauge.builder("posthog.queue.capacity", client, c -> c.stats().queueCapacity())
                .description("The bound on posthog.queue.size").baseUnit(BaseUnits.EVENTS).tags(tags).register(registry);
        Gauge.builder("posthog.senders.limit", client, c -> c.stats().senderLimit())
                .description("Requests to PostHog that may run at once: the adaptive limit, between sender-threads "
                        + "and max-sender-threads").tags(tags).register(registry);
        Gauge.builder("posthog.senders.in-flight", client, c -> c.stats().sendersInFlight())
                .description("Requests to PostHog running now").tags(tags).register(registry);
        counter(registry, "posthog.events.captured", "Events handed to the client", c -> c.stats().captured());
        counter(registry, "posthog.events.sent", "Events PostHog accepted", c -> c.stats().sent());
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("posthog.events.dropped", client, c -> c.stats().dropped(reason))
                    .description("Events dropped, by reason").baseUnit(BaseUnits.EVENTS)
                    .tag("reason", reason.wireName()).tags(tags).register(registry);
        }
        FunctionCounter.builder("posthog.batches.retried", client, c -> c.stats().retries())
                .description("Retry attempts of capture requests (a batch sent three times counts two)")
                .tags(tags).register(registry);
        counter(registry, "posthog.events.retried", "Events sent again by a retry (an event sent three times counts two)",
                c -> c.stats().retriedEvents());
        FunctionCounter.builder("posthog.flags.requests", client, c -> c.flagStats().requests())
                .description("Remote feature flag evaluations (requests to /flags)").tags(tags).register(registry);
        FunctionCounter.builder("posthog.flags.failures", client, c -> c.flagStats().failures())
                .description("Remote feature flag evaluations that failed (the caller got the default)")
                .tags(tags).register(registry);
        if (client.flagStats().localEvaluationEnabled()) {
            bindLocalEvaluation(registry);
        }
    }

    /** With a personal API key: the age and size of the flag definitions, and the reads answered locally. */
    private void bindLocalEvaluation(MeterRegistry registry) {
        Gauge.builder("posthog.flags.definitions.age", client, PostHogClientMetrics::definitionsAgeSeconds)
                .description("Seconds since the flag definitions were last loaded or confirmed unchanged "
                        + "(NaN until the first load)")
                .baseUnit("seconds").tags(tags).register(registry);
        Gauge.builder("posthog.flags.definitions", client, c -> c.flagStats().definitionsCount())
                .description("Flag definitions loaded for local evaluation").tags(tags).register(registry);
        FunctionCounter.builder("posthog.flags.local.evaluations", client, c -> c.flagStats().localEvaluations())
                .description("Flag reads answered by local evaluation, without a request to /flags")
                .tags(tags).register(registry);
    }

    static double definitionsAgeSeconds(PostHogClient client) {
        return client.flagStats().definitionsAge(Instant.now())
                .map(age -> age.toNanos() / 1e9).orElse(Double.NaN);
    }

    private void counter(MeterRegistry registry, String name, String description,
                         ToDoubleFunction<PostHogClient> count) {
        FunctionCounter.builder(name, client, count).description(description).baseUnit(BaseUnits.EVENTS)
                .tags(tags).register(registry);
    }
}
