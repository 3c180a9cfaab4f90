package io.github.posthogcommunity.posthog.flags.redis;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the shared flag-definitions cache, read from {@code PostHogClient.flagStats().definitionsCache()}:
 * {@code posthog.flags.definitions.cache.lease} (1 while this instance holds the fleet-wide lease and fetches for
 * everyone), and the counters {@code posthog.flags.definitions.cache.reads}, {@code .writes}, {@code .failures} and
 * {@code .fallbacks} (polls where the cache failed and this instance fetched by itself). The age of the definitions
 * is {@code posthog.flags.definitions.age}, which with a shared cache counts from the holder's fetch.
 */
public final class PostHogFlagsCacheMetrics implements MeterBinder {

    private final PostHogClient client;

    /** @param client the client whose cache counters are exposed */
    public PostHogFlagsCacheMetrics(PostHogClient client) {
        this.client = client;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("posthog.flags.definitions.cache.lease", client,
                        c -> c.flagStats().definitionsCache().leaseHeld() ? 1 : 0)
                .description("1 while this instance holds the lease and fetches the flag definitions for the fleet")
                .register(registry);
        FunctionCounter.builder("posthog.flags.definitions.cache.reads", client,
                        c -> c.flagStats().definitionsCache().reads())
                .description("Flag definitions documents read from the shared cache").register(registry);
        FunctionCounter.builder("posthog.flags.definitions.cache.writes", client,
                        c -> c.flagStats().definitionsCache().writes())
                .description("Flag definitions documents written to the shared cache as the lease holder")
                .register(registry);
        FunctionCounter.builder("posthog.flags.definitions.cache.failures", client,
                        c -> c.flagStats().definitionsCache().failures())
                .description("Calls to the shared flag definitions cache that failed").register(registry);
        FunctionCounter.builder("posthog.flags.definitions.cache.fallbacks", client,
                        c -> c.flagStats().definitionsCache().fallbackFetches())
                .description("Polls where the shared cache failed and this instance fetched the definitions itself")
                .register(registry);
    }
}
