package io.github.posthogcommunity.posthog.flags;

/**
 * The counters of a client's shared {@link FlagDefinitionsCache}. Counters only grow.
 *
 * @param enabled whether a shared cache is configured (a personal API key and a cache on the builder)
 * @param name the cache's {@link FlagDefinitionsCache#name() name}; empty when disabled
 * @param leaseHeld whether this instance held the fleet-wide lease at its latest poll (it fetches for everyone)
 * @param reads documents read from the cache
 * @param writes documents written to the cache by this instance as the lease holder
 * @param failures cache calls that threw (lease, read, write or release)
 * @param fallbackFetches polls where the cache failed and this instance fetched the definitions by itself
 */
public record FlagDefinitionsCacheStats(boolean enabled, String name, boolean leaseHeld, long reads, long writes,
                                        long failures, long fallbackFetches) {

    /** No shared cache. */
    public static final FlagDefinitionsCacheStats DISABLED = new FlagDefinitionsCacheStats(false, "", false, 0, 0, 0, 0);
}
