package io.github.posthogcommunity.posthog.flags;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Counters of the feature-flag evaluations of one client. Counters only grow.
 *
 * @param requests flag evaluations that went to the server ({@code /flags}), retries not counted
 * @param failures of those, the ones that produced no usable answer (no response, a non-2xx status after the
 *                 retries the policy allows, or an unreadable body); the caller got null, its default or empty
 * @param retries retry attempts made
 * @param localEvaluations flag reads answered by local evaluation alone, without a request (a
 *                 {@code getAllFlags} counts once); always 0 without a personal API key
 * @param localFallbacks flag reads where local evaluation could not decide some flag and one {@code /flags} request
 *                 was made for those flags only (also counted in {@code requests})
 * @param localEvaluationEnabled whether this client evaluates locally (a personal API key is configured)
 * @param definitionsCount the number of flag definitions currently loaded for local evaluation
 * @param lastSuccessfulLoad when the definitions were last loaded or confirmed unchanged; {@code null} before that
 *                 (and always without a personal API key); with a shared cache, when the lease holder fetched them
 * @param definitionsCache the counters of the shared flag-definitions cache ({@link FlagDefinitionsCacheStats#DISABLED}
 *                 without one)
 * @param resultCacheHits remote reads answered by the in-process result cache, with no request
 * @param resultCacheMisses remote reads the result cache could not answer (then one request); 0 when it is off
 */
public record FeatureFlagStats(long requests, long failures, long retries, long localEvaluations,
                               long localFallbacks, boolean localEvaluationEnabled, int definitionsCount,
                               @Nullable Instant lastSuccessfulLoad, FlagDefinitionsCacheStats definitionsCache,
                               long resultCacheHits, long resultCacheMisses) {

    public FeatureFlagStats {
        definitionsCache = definitionsCache == null ? FlagDefinitionsCacheStats.DISABLED : definitionsCache;
    }

    /** Without a shared definitions cache or a result cache. */
    public FeatureFlagStats(long requests, long failures, long retries, long localEvaluations,
                            long localFallbacks, boolean localEvaluationEnabled, int definitionsCount,
                            @Nullable Instant lastSuccessfulLoad) {
        this(requests, failures, retries, localEvaluations, localFallbacks, localEvaluationEnabled, definitionsCount,
                lastSuccessfulLoad, FlagDefinitionsCacheStats.DISABLED, 0, 0);
    }

    /** Remote counters only: no local evaluation. */
    public FeatureFlagStats(long requests, long failures, long retries) {
        this(requests, failures, retries, 0, 0, false, 0, null);
    }

    /** How old the loaded definitions are at {@code now}; empty when they were never loaded. */
    public Optional<Duration> definitionsAge(Instant now) {
        return lastSuccessfulLoad == null ? Optional.empty() : Optional.of(Duration.between(lastSuccessfulLoad, now));
    }
}
