package io.github.posthogcommunity.posthog.internal.flags;

import io.github.posthogcommunity.posthog.flags.FeatureFlagResult;
import io.github.posthogcommunity.posthog.flags.FeatureFlagsSnapshot;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link FeatureFlagsSnapshot} of one evaluation. Flag values are frozen at construction; only the set of
 * accessed keys changes, and it belongs to this snapshot alone (a filtered snapshot starts from a copy).
 */
final class Snapshot implements FeatureFlagsSnapshot {

    /**
     * Who evaluated, and where access events go ({@code events == null}: none). {@code reportMissing == false}
     * emits no event for a key the snapshot lacks (local-only evaluation: the flag was not asked for anywhere).
     */
    record Context(String distinctId, Map<String, String> groups, Boolean disableGeoip, FlagCalledEvents events,
                   boolean reportMissing) {

        Context(String distinctId, Map<String, String> groups, Boolean disableGeoip, FlagCalledEvents events) {
            this(distinctId, groups, disableGeoip, events, true);
        }
    }

    private final Context context;
    private final FlagsResponse response;
    private final Map<String, EvaluatedFlag> flags;
    private final Set<String> accessed = ConcurrentHashMap.newKeySet();

    Snapshot(Context context, FlagsResponse response) {
        this(context, response, response.flags(), Set.of());
    }

    private Snapshot(Context context, FlagsResponse response, Map<String, EvaluatedFlag> flags, Set<String> accessed) {
        this.context = context;
        this.response = response;
        this.flags = flags;
        this.accessed.addAll(accessed);
    }

    @Override
    public String distinctId() {
        return context.distinctId();
    }

    @Override
    public boolean evaluationFailed() {
        return response.failed();
    }

    @Override
    public boolean isEnabled(String key, boolean defaultValue) {
        EvaluatedFlag flag = access(key);
        return flag == null ? defaultValue : flag.enabled();
    }

    @Override
    public Object getFlag(String key) {
        EvaluatedFlag flag = access(key);
        return flag == null ? null : flag.value();
    }

    @Override
    public String getPayload(String key) {
        EvaluatedFlag flag = key == null ? null : flags.get(key);
        return flag == null ? null : flag.payload();
    }

    /** The flag as a result, counted as an access (emits the event). */
    FeatureFlagResult result(String key) {
        EvaluatedFlag flag = access(key);
        return flag == null ? null : new FeatureFlagResult(key, flag.enabled(), flag.variant(), flag.payload());
    }

    @Override
    public Set<String> keys() {
        return Collections.unmodifiableSet(flags.keySet());
    }

    @Override
    public Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        flags.forEach((key, flag) -> values.put(key, flag.value()));
        return Collections.unmodifiableMap(values);
    }

    /** Flag key to payload, for the flags that have one. */
    Map<String, String> payloads() {
        Map<String, String> payloads = new LinkedHashMap<>();
        flags.forEach((key, flag) -> {
            if (flag.payload() != null) {
                payloads.put(key, flag.payload());
            }
        });
        return payloads;
    }

    @Override
    public FeatureFlagsSnapshot only(Collection<String> keys) {
        Map<String, EvaluatedFlag> subset = new LinkedHashMap<>();
        if (keys != null) {
            for (String key : keys) {
                EvaluatedFlag flag = key == null ? null : flags.get(key);
                if (flag != null) {
                    subset.put(key, flag);
                }
            }
        }
        return filtered(subset);
    }

    @Override
    public FeatureFlagsSnapshot onlyAccessed() {
        Map<String, EvaluatedFlag> subset = new LinkedHashMap<>();
        flags.forEach((key, flag) -> {
            if (accessed.contains(key)) {
                subset.put(key, flag);
            }
        });
        return filtered(subset);
    }

    private Snapshot filtered(Map<String, EvaluatedFlag> subset) {
        Set<String> stillAccessed = new HashSet<>(accessed);
        stillAccessed.retainAll(subset.keySet());
        return new Snapshot(context, response, Collections.unmodifiableMap(subset), stillAccessed);
    }

    private EvaluatedFlag access(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        EvaluatedFlag flag = flags.get(key);
        if (flag != null) {
            accessed.add(key);
        }
        // A key this snapshot filtered out is not a flag the server lacks: no event for it.
        boolean filteredOut = flag == null && response.flags().containsKey(key);
        if (context.events() != null && !filteredOut && (flag != null || context.reportMissing())) {
            context.events().flagCalled(context.distinctId(), context.groups(), context.disableGeoip(), key, flag,
                    response);
        }
        return flag;
    }

    @Override
    public String toString() {
        return "FeatureFlagsSnapshot{distinctId=" + context.distinctId() + ", flags=" + values()
                + (response.failed() ? ", failed=" + response.failure() : "") + "}";
    }
}
