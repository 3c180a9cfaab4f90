package io.github.posthogcommunity.posthog.internal.flags.local;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;

/**
 * The internal facade the public flags API calls for local evaluation: definitions kept fresh by a
 * {@link DefinitionsPoller}, evaluated with the SDK enrichment ({@code distinct_id}, {@code $group_key}).
 * Thread-safe.
 */
public final class LocalFlags implements AutoCloseable {

    private final DefinitionsPoller poller;

    LocalFlags(DefinitionsPoller poller) {
        this.poller = poller;
    }

    /** Starts polling (first load at once, in the background). */
    public static LocalFlags start(DefinitionsPoller.Config config) {
        return new LocalFlags(DefinitionsPoller.start(config));
    }

    /**
     * Evaluates one flag locally (after the SDK enrichment of the context).
     *
     * @return a {@link LocalResult.Decided} value, or {@link LocalResult.Inconclusive} (not loaded, unknown flag,
     *     or undecidable locally): then ask the server, unless only local evaluation was requested
     */
    public LocalResult evaluate(String key, FlagContext context) {
        Objects.requireNonNull(key, "key");
        if (!poller.isLoaded()) {
            return new LocalResult.Inconclusive(key, LocalResult.Cause.NOT_LOADED);
        }
        return poller.evaluator().evaluate(key, context.withSdkEnrichment());
    }

    /**
     * Evaluates every loaded flag (after the SDK enrichment). Ask the server once for
     * {@link LocalEvaluations#inconclusiveKeys()}; when {@link LocalEvaluations#loaded()} is false, for everything.
     */
    public LocalEvaluations evaluateAll(FlagContext context) {
        if (!poller.isLoaded()) {
            return LocalEvaluations.NOT_LOADED;
        }
        return poller.evaluator().evaluateAll(context.withSdkEnrichment());
    }

    /** Whether these evaluation contexts leave the flag out (see {@link FlagDefinitions#excludedBy}). */
    public boolean excluded(String key, List<String> contexts) {
        return !contexts.isEmpty() && poller.evaluator().definitions().excludedBy(key, contexts);
    }

    /** {@link #evaluateAll(FlagContext)} without the flags these evaluation contexts leave out. */
    public LocalEvaluations evaluateAll(FlagContext context, List<String> contexts) {
        LocalEvaluations all = evaluateAll(context);
        if (contexts.isEmpty() || !all.loaded()) {
            return all;
        }
        FlagDefinitions definitions = poller.evaluator().definitions();
        Map<String, LocalResult.Decided> values = new LinkedHashMap<>(all.values());
        values.keySet().removeIf(key -> definitions.excludedBy(key, contexts));
        Set<String> inconclusive = new LinkedHashSet<>(all.inconclusiveKeys());
        inconclusive.removeIf(key -> definitions.excludedBy(key, contexts));
        return new LocalEvaluations(values, inconclusive, true);
    }

    /** Whether definitions are loaded (and not cleared by a quota answer). */
    public boolean isReady() {
        return poller.isLoaded();
    }

    /** Waits for the first load attempt, at most {@code timeout}; returns {@link #isReady()}. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return poller.awaitFirstLoad(timeout);
    }

    /** Reloads now rather than at the next interval. */
    public void reload() {
        poller.pollNow();
    }

    public Optional<Instant> lastSuccessfulLoad() {
        return poller.lastSuccessfulLoad();
    }

    /** The counters of the shared definitions cache. */
    public io.github.posthogcommunity.posthog.flags.FlagDefinitionsCacheStats cacheStats() {
        return poller.cacheStats();
    }

    public int definitionsCount() {
        return poller.definitionsCount();
    }

    /** Stops the poller thread. */
    @Override
    public void close() {
        poller.close();
    }
}
