package io.github.posthogcommunity.posthog.internal.flags;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.flags.FeatureFlagOptions;
import io.github.posthogcommunity.posthog.flags.FeatureFlagResult;
import io.github.posthogcommunity.posthog.flags.FeatureFlagStats;
import io.github.posthogcommunity.posthog.flags.FeatureFlagsAndPayloads;
import io.github.posthogcommunity.posthog.flags.FeatureFlagsSnapshot;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.internal.ClientConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remote feature-flag evaluation for one client. Every read is one {@code /flags} request on the caller's thread
 * (nothing is cached between calls, nothing is requested on init), bounded by the flags timeout and retry policy.
 * Never throws: a failure gives what an unknown flag gives (null, the default, empty). A blank distinct id falls
 * back to the ambient {@link EventContext} (as capture does); without one there is no request.
 */
public final class RemoteFlags {

    private static final System.Logger LOG = System.getLogger("io.github.posthogcommunity.posthog");

    private final FlagsFetcher fetcher;
    private final FlagCalledEvents events;
    private final boolean sendEventsByDefault;
    private final boolean clientDisablesGeoip;
    private final Supplier<EventContext> contextSupplier;
    private volatile boolean closed;

    /**
     * @param transport the client's transport, or {@code null} for a disabled client (every read is empty)
     * @param sink where {@code $feature_flag_called} events go
     */
    public RemoteFlags(ClientConfig config, HttpTransport transport, FlagEventSink sink) {
        FlagsConfig flags = config.flags() == null ? FlagsConfig.defaults() : config.flags();
        this.fetcher = transport == null ? null
                : new FlagsFetcher(config.host(), config.projectApiKey(), config.headers(), transport, flags);
        this.events = new FlagCalledEvents(sink, flags.calledEventCacheSize());
        this.sendEventsByDefault = flags.sendFeatureFlagEvents();
        this.clientDisablesGeoip = config.disableGeoip();
        this.contextSupplier = config.contextSupplier();
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

    public FeatureFlagStats stats() {
        return fetcher == null ? new FeatureFlagStats(0, 0, 0) : fetcher.stats();
    }

    /** Stops requests and events and clears the {@code $feature_flag_called} dedupe cache. Idempotent. */
    public void shutdown() {
        closed = true;
        events.shutdown();
    }

    /** At most one request; the snapshot answers every later read. */
    private Snapshot evaluate(String distinctId, FeatureFlagOptions options, List<String> flagKeys) {
        FeatureFlagOptions opts = options == null ? FeatureFlagOptions.none() : options;
        String id = distinctId == null || distinctId.isBlank() ? ambientDistinctId() : distinctId;
        if (fetcher == null || closed || opts.onlyEvaluateLocally()) {
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
        return new Snapshot(context, fetcher.fetch(query(id, opts, flagKeys)));
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
        return new FlagsQuery(distinctId, opts.groups(), person, opts.groupProperties(), geoipDisable, flagKeys);
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
