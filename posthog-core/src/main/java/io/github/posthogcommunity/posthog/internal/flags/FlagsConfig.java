package io.github.posthogcommunity.posthog.internal.flags;

import io.github.posthogcommunity.posthog.flags.FeatureFlagRequestObserver;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCache;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The feature-flag options of one client. Internal: built by the public builder.
 *
 * @param requestTimeout the bound on one {@code /flags} attempt
 * @param maxRetries retries after the first attempt, only for no-response failures and 502/504
 * @param firstRetryDelay the wait before the first retry; each later wait doubles, capped at {@link #MAX_RETRY_DELAY}
 * @param sendFeatureFlagEvents whether flag reads emit {@code $feature_flag_called} by default
 * @param calledEventCacheSize how many (distinct id, flag, value, groups) combinations the event dedupe remembers
 * @param sleeper how the retry waits are spent
 * @param pollInterval with a personal API key: the time between two loads of the local-evaluation definitions
 * @param waitForFirstLoad with a personal API key: how long building the client waits for the first load of the
 *     definitions ({@link Duration#ZERO}: no wait, the load runs in the background)
 * @param requestObserver observes each {@code /flags} request, or {@code null}
 * @param definitionsCache with a personal API key: the fleet-wide definitions cache, or {@code null}
 * @param resultCacheMaxSize how many remote results the in-process result cache keeps; 0 turns it off
 * @param resultCacheMaxAge how long a cached remote result answers reads
 * @param evaluationContexts the client's default evaluation contexts (sent with {@code /flags}, honoured locally)
 */
public record FlagsConfig(Duration requestTimeout, int maxRetries, Duration firstRetryDelay,
                          boolean sendFeatureFlagEvents, int calledEventCacheSize, RetrySleeper sleeper,
                          Duration pollInterval, Duration waitForFirstLoad,
                          @Nullable FeatureFlagRequestObserver requestObserver,
                          @Nullable FlagDefinitionsCache definitionsCache, int resultCacheMaxSize,
                          Duration resultCacheMaxAge, List<String> evaluationContexts) {

    /** Default bound on one attempt. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(3);
    /** Default retries after the first attempt. */
    public static final int DEFAULT_MAX_RETRIES = 1;
    /** The most retries that can be configured: a flag read blocks its caller. */
    public static final int MAX_RETRIES = 5;
    /** Default wait before the first retry. */
    public static final Duration DEFAULT_FIRST_RETRY_DELAY = Duration.ofMillis(300);
    /** No wait between attempts is longer than this. */
    public static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(3);
    /** Default size of the {@code $feature_flag_called} dedupe cache. */
    public static final int DEFAULT_CALLED_EVENT_CACHE_SIZE = 50_000;
    /** Default time between two loads of the local-evaluation definitions. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

    /** Default age limit of a cached remote result (when the result cache is on). */
    public static final Duration DEFAULT_RESULT_CACHE_MAX_AGE = Duration.ofSeconds(30);

    public FlagsConfig {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(firstRetryDelay, "firstRetryDelay");
        Objects.requireNonNull(sleeper, "sleeper");
        if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
            throw new IllegalArgumentException("feature flag retries must be between 0 and " + MAX_RETRIES);
        }
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
        waitForFirstLoad = waitForFirstLoad == null || waitForFirstLoad.isNegative() ? Duration.ZERO : waitForFirstLoad;
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("feature flag poll interval must be positive");
        }
        resultCacheMaxAge = resultCacheMaxAge == null ? DEFAULT_RESULT_CACHE_MAX_AGE : resultCacheMaxAge;
        if (resultCacheMaxSize < 0 || resultCacheMaxAge.isNegative()) {
            throw new IllegalArgumentException("feature flag result cache size and age must not be negative");
        }
        evaluationContexts = evaluationContexts == null ? List.of() : List.copyOf(evaluationContexts);
    }

    /** Without a request observer, a shared definitions cache, a result cache or evaluation contexts. */
    public FlagsConfig(Duration requestTimeout, int maxRetries, Duration firstRetryDelay,
                       boolean sendFeatureFlagEvents, int calledEventCacheSize, RetrySleeper sleeper,
                       Duration pollInterval, Duration waitForFirstLoad) {
        this(requestTimeout, maxRetries, firstRetryDelay, sendFeatureFlagEvents, calledEventCacheSize, sleeper,
                pollInterval, waitForFirstLoad, null, null, 0, DEFAULT_RESULT_CACHE_MAX_AGE, List.of());
    }

    /** The remote-only options, with the default poll interval and no wait for the first load. */
    public FlagsConfig(Duration requestTimeout, int maxRetries, Duration firstRetryDelay,
                       boolean sendFeatureFlagEvents, int calledEventCacheSize, RetrySleeper sleeper) {
        this(requestTimeout, maxRetries, firstRetryDelay, sendFeatureFlagEvents, calledEventCacheSize, sleeper,
                DEFAULT_POLL_INTERVAL, Duration.ZERO);
    }

    /** The defaults. */
    public static FlagsConfig defaults() {
        return new FlagsConfig(DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_FIRST_RETRY_DELAY, true,
                DEFAULT_CALLED_EVENT_CACHE_SIZE, RetrySleeper.system());
    }

    /** The wait before retry number {@code retry} (1-based): the first delay doubled each time, capped. */
    public Duration retryDelay(int retry) {
        Duration delay = firstRetryDelay;
        for (int i = 1; i < retry && delay.compareTo(MAX_RETRY_DELAY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }
}
