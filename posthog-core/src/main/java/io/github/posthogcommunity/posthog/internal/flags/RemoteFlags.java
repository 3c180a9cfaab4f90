package io.github.posthogcommunity.posthog.internal.flags;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.flags.FeatureFlagOptions;
import io.github.posthogcommunity.posthog.flags.FeatureFlagRequestObserver;
import io.github.posthogcommunity.posthog.flags.FeatureFlagResult;
import io.github.posthogcommunity.posthog.flags.FeatureFlagStats;
import io.github.posthogcommunity.posthog.flags.FeatureFlagsAndPayloads;
import io.github.posthogcommunity.posthog.flags.FeatureFlagsSnapshot;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.internal.ClientConfig;
import io.github.posthogcommunity.posthog.internal.LoggerNames;
import io.github.posthogcommunity.posthog.internal.wire.SdkInfo;
import io.github.posthogcommunity.posthog.internal.flags.local.DefinitionsPoller;
import io.github.posthogcommunity.posthog.internal.flags.local.FlagContext;
import io.github.posthogcommunity.posthog.internal.flags.local.LocalEvaluations;
import io.github.posthogcommunity.posthog.internal.flags.local.LocalFlags;
import io.github.posthogcommunity.posthog.internal.flags.local.LocalResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Feature-flag evaluation for one client: the entry point of the client's flag methods.
 *
 * <p>Without a personal API key every read is one {@code /flags} request on the caller's thread (nothing is cached
 * between calls, nothing is requested on init), bounded by the flags timeout and retry policy.
 *
 * <p>With a personal API key, {@link LocalFlags} keeps the flag definitions fresh on its own thread (first load in
 * the background at construction) and every read evaluates locally first, on the caller's thread. The flags local
 * evaluation cannot decide (definitions not loaded, unknown flag, missing property, server-only cohort...) are
 * asked from the server with one {@code /flags} request for those keys only; with {@code onlyEvaluateLocally}
 * they are simply absent. {@code forceRemote} skips local evaluation.
 *
 * <p>Never throws: a failure gives what an unknown flag gives (null, the default, empty). A blank distinct id falls
 * back to the ambient {@link EventContext} (as capture does); without one there is no request.
 */
public final class RemoteFlags {

    private static final System.Logger LOG = System.getLogger(LoggerNames.FLAGS);

    private final FlagsFetcher fetcher;
    private final FeatureFlagRequestObserver observer;
    private final FlagCalledEvents events;
    private final boolean sendEventsByDefault;
    private final boolean clientDisablesGeoip;
    private final Supplier<EventContext> contextSupplier;
    private final LocalFlags local;
    private final ResultCache resultCache;
    private final List<String> defaultContexts;
    private final RemoteConfigFetcher remoteConfig;
    private final LongAdder localEvaluations = new LongAdder();
    private final LongAdder localFallbacks = new LongAdder();
    private volatile boolean closed;

    /**
     * @param transport the client's transport, or {@code null} for a disabled client (every read is empty)
     * @param sink where {@code $feature_flag_called} events go
     */
    public RemoteFlags(ClientConfig config, HttpTransport transport, FlagEventSink sink) {
        FlagsConfig flags = config.flags() == null ? FlagsConfig.defaults() : config.flags();
        this.fetcher = transport == null ? null
                : new FlagsFetcher(config.host(), config.projectApiKey(), config.headers(), transport, flags);
        this.observer = flags.requestObserver();
        this.events = new FlagCalledEvents(sink, flags.calledEventCacheSize());
        this.sendEventsByDefault = flags.sendFeatureFlagEvents();
        this.clientDisablesGeoip = config.disableGeoip();
        this.contextSupplier = config.contextSupplier();
        this.resultCache = flags.resultCacheMaxSize() == 0 ? null
                : new ResultCache(flags.resultCacheMaxSize(), flags.resultCacheMaxAge(), config.clock());
        this.defaultContexts = flags.evaluationContexts();
        this.remoteConfig = transport == null || config.personalApiKey() == null ? null
                : new RemoteConfigFetcher(config.host(), config.projectApiKey(), config.personalApiKey(),
                        config.headers(), transport, flags.requestTimeout());
        this.local = transport == null || config.personalApiKey() == null ? null
                : startLocal(config, flags, transport);
    }

    /** Starts the definitions poller (its first load runs on its own thread) and waits for it if asked to. */
    private static LocalFlags startLocal(ClientConfig config, FlagsConfig flags, HttpTransport transport) {
        LocalFlags local = LocalFlags.start(new DefinitionsPoller.Config(config.host(), config.projectApiKey(),
                config.personalApiKey(), flags.pollInterval(), config.requestTimeout(), transport, config.clock(),
                pollerHeaders(config), flags.definitionsCache()));
        Duration wait = flags.waitForFirstLoad();
        if (!wait.isZero()) {
            try {
                if (!local.awaitReady(wait)) {
                    LOG.log(System.Logger.Level.WARNING, "PostHog flag definitions are not loaded (the first load "
                            + "failed or took longer than {0}); flags are evaluated by the server until they are", wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return local;
    }

    public Object getFeatureFlag(String key, String distinctId, FeatureFlagOptions options) {
        return isValidKey(key) ? evaluate(distinctId, options, List.of(key)).getFlag(key) : null;
    }

    public boolean isFeatureEnabled(String key, String distinctId, boolean defaultValue, FeatureFlagOptions options) {
        return isValidKey(key) ? evaluate(distinctId, options, List.of(key)).isEnabled(key, defaultValue) : defaultValue;
    }

    public String getFeatureFlagPayload(String key, String distinctId, FeatureFlagOptions options) {
        return isValidKey(key) ? evaluate(distinctId, options, List.of(key)).getPayload(key) : null;
    }

    public FeatureFlagResult getFeatureFlagResult(String key, String distinctId, FeatureFlagOptions options) {
        return isValidKey(key) ? evaluate(distinctId, options, List.of(key)).result(key) : null;
    }

    public Map<String, Object> getAllFlags(String distinctId, FeatureFlagOptions options) {
        return evaluate(distinctId, options, keysOf(options)).values();
    }

    public FeatureFlagsAndPayloads getAllFlagsAndPayloads(String distinctId, FeatureFlagOptions options) {
        Snapshot snapshot = evaluate(distinctId, options, keysOf(options));
        return new FeatureFlagsAndPayloads(snapshot.values(), snapshot.payloads());
    }

    public FeatureFlagsSnapshot evaluateFlags(String distinctId, FeatureFlagOptions options) {
        return evaluate(distinctId, options, keysOf(options));
    }

    /**
     * The payload of a remote-config flag, read from PostHog with the personal key (decrypted when encrypted);
     * {@code null} without a personal key, for an unknown flag or when PostHog cannot answer.
     */
    public String getRemoteConfigPayload(String key) {
        if (!isValidKey(key) || closed) {
            return null;
        }
        if (remoteConfig == null) {
            LOG.log(System.Logger.Level.WARNING, "PostHog remote config payloads need a personal (or secret) API key");
            return null;
        }
        return remoteConfig.fetch(key);
    }

    public FeatureFlagStats stats() {
        FeatureFlagStats remote = fetcher == null ? new FeatureFlagStats(0, 0, 0) : fetcher.stats();
        long hits = resultCache == null ? 0 : resultCache.hits();
        long misses = resultCache == null ? 0 : resultCache.misses();
        if (local == null) {
            return new FeatureFlagStats(remote.requests(), remote.failures(), remote.retries(), 0, 0, false, 0, null,
                    null, hits, misses);
        }
        return new FeatureFlagStats(remote.requests(), remote.failures(), remote.retries(), localEvaluations.sum(),
                localFallbacks.sum(), true, local.definitionsCount(), local.lastSuccessfulLoad().orElse(null),
                local.cacheStats(), hits, misses);
    }

    /** The client's custom headers (a proxy may need them) and the SDK's User-Agent. */
    private static Map<String, String> pollerHeaders(ClientConfig config) {
        Map<String, String> headers = new LinkedHashMap<>(config.headers());
        headers.put("User-Agent", SdkInfo.userAgent());
        return headers;
    }

    /** Asks the poller to reload the definitions now; does nothing without local evaluation. */
    public void reloadDefinitions() {
        if (local != null && !closed) {
            local.reload();
        }
    }

    /**
     * Stops requests and events, stops the definitions poller (its thread has ended on return) and clears the
     * {@code $feature_flag_called} dedupe cache. Idempotent.
     */
    public void shutdown() {
        closed = true;
        events.shutdown();
        if (resultCache != null) {
            resultCache.clear();
        }
        if (local != null) {
            local.close();
        }
    }

    /** One {@code /flags} request, observed when an observer is set; the observer can never change the result. */
    private FlagsResponse fetch(FlagsQuery query, boolean localEvaluationFallback) {
        if (observer == null) {
            return fetcher.fetch(query);
        }
        FeatureFlagRequestObserver.Request request = null;
        try {
            request = observer.start(localEvaluationFallback);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "PostHog feature flag request observer threw on start", e);
        }
        FlagsResponse response = null;
        try {
            response = fetcher.fetch(query);
            return response;
        } finally {
            if (request != null) {
                try {
                    request.end(response != null && !response.failed());
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(System.Logger.Level.DEBUG, "PostHog feature flag request observer threw on end", e);
                }
            }
        }
    }

    /** At most one request; the snapshot answers every later read. */
    private Snapshot evaluate(String distinctId, FeatureFlagOptions options, List<String> flagKeys) {
        FeatureFlagOptions opts = options == null ? FeatureFlagOptions.none() : options;
        String id = distinctId == null || distinctId.isBlank() ? ambientDistinctId() : distinctId;
        boolean useLocal = local != null && !opts.forceRemote();
        if (fetcher == null || closed || (opts.onlyEvaluateLocally() && !useLocal)) {
            // Disabled, shut down, or local-only without local evaluation: nothing to ask, nothing to report.
            return new Snapshot(new Snapshot.Context(id == null ? "" : id, opts.groups(), opts.disableGeoip(), null),
                    FlagsResponse.NOT_REQUESTED);
        }
        if (id == null) {
            LOG.log(System.Logger.Level.WARNING, "PostHog feature flags need a distinct id; using defaults");
            return new Snapshot(new Snapshot.Context("", opts.groups(), opts.disableGeoip(), null),
                    FlagsResponse.NOT_REQUESTED);
        }
        boolean sendEvents = opts.sendFeatureFlagEvents() != null ? opts.sendFeatureFlagEvents() : sendEventsByDefault;
        Snapshot.Context context = new Snapshot.Context(id, opts.groups(), opts.disableGeoip(),
                sendEvents ? events : null);
        if (!useLocal) {
            return new Snapshot(context, fetchRemote(query(id, opts, flagKeys), opts, false));
        }
        return evaluateLocallyFirst(id, opts, flagKeys, context);
    }

    /**
     * Local evaluation, then one request for what it could not decide (the whole set when the definitions are not
     * loaded), unless only local evaluation was asked. Locally decided values win over the server's.
     *
     * @param flagKeys the keys asked for, or {@code null} for every flag
     */
    private Snapshot evaluateLocallyFirst(String id, FeatureFlagOptions opts, List<String> flagKeys,
                                          Snapshot.Context context) {
        FlagContext who = new FlagContext(id, opts.personProperties(), opts.groups(), opts.groupProperties(),
                opts.deviceId());
        List<String> contexts = contextsOf(opts);
        Map<String, EvaluatedFlag> decided = new LinkedHashMap<>();
        List<String> undecided; // null: every flag
        if (flagKeys == null) {
            LocalEvaluations all = local.evaluateAll(who, contexts);
            undecided = all.loaded() ? new ArrayList<>(all.inconclusiveKeys()) : null;
            all.values().forEach((key, d) -> decided.put(key, EvaluatedFlag.local(d)));
        } else {
            undecided = new ArrayList<>();
            for (String key : flagKeys) {
                if (local.isReady() && local.excluded(key, contexts)) {
                    continue; // left out by the evaluation contexts, as PostHog leaves it out
                }
                LocalResult r = local.evaluate(key, who);
                if (r instanceof LocalResult.Decided d) {
                    decided.put(key, EvaluatedFlag.local(d));
                } else {
                    undecided.add(key);
                }
            }
        }
        if (undecided != null && undecided.isEmpty()) {
            localEvaluations.increment();
            return new Snapshot(context, FlagsResponse.local(decided));
        }
        if (opts.onlyEvaluateLocally()) {
            // the undecided flags are absent, and reading them reports nothing: nobody was asked
            localEvaluations.increment();
            return new Snapshot(new Snapshot.Context(context.distinctId(), context.groups(), context.disableGeoip(),
                    context.events(), false), FlagsResponse.local(decided));
        }
        localFallbacks.increment();
        FlagsResponse remote = fetchRemote(query(id, opts, undecided), opts, true);
        Set<String> wanted = undecided == null ? null : new HashSet<>(undecided);
        Map<String, EvaluatedFlag> merged = new LinkedHashMap<>(decided);
        remote.flags().forEach((key, flag) -> {
            if (wanted == null || wanted.contains(key)) {
                merged.putIfAbsent(key, flag);
            }
        });
        return new Snapshot(context, remote.withFlags(merged));
    }

    /** The distinct id of the ambient {@link EventContext} (for example the current request's), or {@code null}. */
    private String ambientDistinctId() {
        if (contextSupplier == null) {
            return null;
        }
        try {
            EventContext ambient = contextSupplier.get();
            String id = ambient == null ? null : ambient.distinctId();
            return id == null || id.isBlank() ? null : id;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private FlagsQuery query(String distinctId, FeatureFlagOptions opts, List<String> flagKeys) {
        Map<String, Object> person = opts.personProperties();
        if (opts.deviceId() != null && !opts.deviceId().isBlank()) {
            person = new LinkedHashMap<>(person);
            person.put("$device_id", opts.deviceId());
        }
        boolean geoipDisable = opts.disableGeoip() != null ? opts.disableGeoip() : clientDisablesGeoip;
        return new FlagsQuery(distinctId, opts.groups(), person, opts.groupProperties(), geoipDisable, flagKeys,
                contextsOf(opts));
    }

    /** The call's evaluation contexts, else the client's default. */
    private List<String> contextsOf(FeatureFlagOptions opts) {
        return opts.evaluationContexts() != null ? opts.evaluationContexts() : defaultContexts;
    }

    /** One {@code /flags} request, or the result cache's answer (never with {@code forceRemote}). */
    private FlagsResponse fetchRemote(FlagsQuery query, FeatureFlagOptions opts, boolean localEvaluationFallback) {
        if (resultCache == null || opts.forceRemote()) {
            return fetch(query, localEvaluationFallback);
        }
        FlagsResponse cached;
        try {
            cached = resultCache.get(query);
        } catch (RuntimeException | StackOverflowError e) {
            // a property value whose hashCode/equals throws or recurses forever: ask without the cache
            return fetch(query, localEvaluationFallback);
        }
        if (cached != null) {
            return cached;
        }
        FlagsResponse response = fetch(query, localEvaluationFallback);
        try {
            resultCache.put(query, response);
        } catch (RuntimeException | StackOverflowError e) {
            // as above: this answer is simply not cached
        }
        return response;
    }

    private static List<String> keysOf(FeatureFlagOptions options) {
        List<String> keys = options == null ? null : options.flagKeys();
        return keys == null || keys.isEmpty() ? null : keys;
    }

    private static boolean isValidKey(String key) {
        if (key == null || key.isBlank()) {
            LOG.log(System.Logger.Level.WARNING, "PostHog feature flag key is blank; using defaults");
            return false;
        }
        return true;
    }
}
