package io.github.posthogcommunity.posthog.flags;

import org.jspecify.annotations.Nullable;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Options of one feature-flag evaluation: who the person is in which groups, what is known about them, and
 * whether to emit {@code $feature_flag_called} events. Immutable; build with {@link #builder()}. Maps given to the
 * builder are copied, so later changes to them have no effect.
 */
public final class FeatureFlagOptions {

    private static final FeatureFlagOptions NONE = new Builder().build();

    private final Map<String, String> groups;
    private final Map<String, Object> personProperties;
    private final Map<String, Map<String, Object>> groupProperties;
    private final @Nullable Boolean disableGeoip;
    private final @Nullable String deviceId;
    private final boolean onlyEvaluateLocally;
    private final boolean forceRemote;
    private final @Nullable Boolean sendFeatureFlagEvents;
    private final @Nullable List<String> flagKeys;
    private final List<String> evaluationContexts;

    private FeatureFlagOptions(Builder b) {
        this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(b.groups));
        this.personProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.personProperties));
        Map<String, Map<String, Object>> gp = new LinkedHashMap<>();
        b.groupProperties.forEach((type, props) -> gp.put(type, Collections.unmodifiableMap(new LinkedHashMap<>(props))));
        this.groupProperties = Collections.unmodifiableMap(gp);
        this.disableGeoip = b.disableGeoip;
        this.deviceId = b.deviceId;
        this.onlyEvaluateLocally = b.onlyEvaluateLocally;
        this.forceRemote = b.forceRemote;
        this.sendFeatureFlagEvents = b.sendFeatureFlagEvents;
        this.flagKeys = b.flagKeys == null ? null : List.copyOf(b.flagKeys);
        this.evaluationContexts = b.evaluationContexts;
    }

    /**
     * The non-blank, distinct entries of {@code value}, in order; empty for {@code null}. Used for evaluation
     * contexts wherever they are given.
     */
    public static List<String> cleanContexts(Collection<String> value) {
        if (value == null) {
            return List.of();
        }
        LinkedHashSet<String> clean = new LinkedHashSet<>();
        for (String context : value) {
            if (context != null && !context.isBlank()) {
                clean.add(context.strip());
            }
        }
        return List.copyOf(clean);
    }

    /** Options with nothing set. */
    public static FeatureFlagOptions none() {
        return NONE;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Group type to group key; empty when none. */
    public Map<String, String> groups() {
        return groups;
    }

    /** Person properties to evaluate with; empty when none. */
    public Map<String, Object> personProperties() {
        return personProperties;
    }

    /** Group type to that group's properties; empty when none. */
    public Map<String, Map<String, Object>> groupProperties() {
        return groupProperties;
    }

    /** {@code true}/{@code false} to override the client's {@code disableGeoip}; {@code null} follows it. */
    public @Nullable Boolean disableGeoip() {
        return disableGeoip;
    }

    /** The device id, sent as the person property {@code $device_id}; {@code null} when unknown. */
    public @Nullable String deviceId() {
        return deviceId;
    }

    /**
     * Evaluate only locally, never asking the server: flags local evaluation cannot decide are absent (null, the
     * default), and without a personal API key (no local evaluation) every flag is, without a request.
     */
    public boolean onlyEvaluateLocally() {
        return onlyEvaluateLocally;
    }

    /** Always ask the server (one {@code /flags} request), bypassing local evaluation and any cache. */
    public boolean forceRemote() {
        return forceRemote;
    }

    /** {@code true}/{@code false} to override the client's setting for {@code $feature_flag_called}; {@code null} follows it. */
    public @Nullable Boolean sendFeatureFlagEvents() {
        return sendFeatureFlagEvents;
    }

    /**
     * For {@code getAllFlags}, {@code getAllFlagsAndPayloads} and {@code evaluateFlags}: evaluate only these keys
     * ({@code flag_keys_to_evaluate}); {@code null} (or no key) evaluates every flag. The single-flag getters
     * always ask for their one key.
     */
    public @Nullable List<String> flagKeys() {
        return flagKeys;
    }

    /**
     * The evaluation contexts of this call (sent as {@code evaluation_contexts}, honoured by local evaluation),
     * replacing the client's default; {@code null} follows the client's default.
     */
    public List<String> evaluationContexts() {
        return evaluationContexts;
    }

    /** Builder for {@link FeatureFlagOptions}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> groups = new LinkedHashMap<>();
        private final Map<String, Object> personProperties = new LinkedHashMap<>();
        private final Map<String, Map<String, Object>> groupProperties = new LinkedHashMap<>();
        private @Nullable Boolean disableGeoip;
        private @Nullable String deviceId;
        private boolean onlyEvaluateLocally;
        private boolean forceRemote;
        private @Nullable Boolean sendFeatureFlagEvents;
        private @Nullable LinkedHashSet<String> flagKeys;
        private @Nullable List<String> evaluationContexts;

        private Builder() {
        }

        /**
         * Evaluates with these contexts instead of the client's default (an empty collection: none, every flag is
         * evaluated). See {@link FeatureFlagOptions#evaluationContexts()}.
         */
        public Builder evaluationContexts(Collection<String> value) {
            this.evaluationContexts = value == null ? null : cleanContexts(value);
            return this;
        }

        /** Evaluates as a member of this group, for example {@code group("company", "acme")}. */
        public Builder group(String groupType, String groupKey) {
            if (groupType != null && groupKey != null) {
                groups.put(groupType, groupKey);
            }
            return this;
        }

        /** Evaluates as a member of all of these groups (type to key). */
        public Builder groups(Map<String, String> value) {
            if (value != null) {
                value.forEach(this::group);
            }
            return this;
        }

        /** Adds one person property. */
        public Builder personProperty(String name, Object value) {
            if (name != null) {
                personProperties.put(name, value);
            }
            return this;
        }

        /** Adds every person property of the map. */
        public Builder personProperties(Map<String, ?> value) {
            if (value != null) {
                value.forEach(this::personProperty);
            }
            return this;
        }

        /** Adds properties of the group of this type. */
        public Builder groupProperties(String groupType, Map<String, ?> value) {
            if (groupType != null && value != null) {
                groupProperties.computeIfAbsent(groupType, t -> new LinkedHashMap<>()).putAll(value);
            }
            return this;
        }

        /** Adds the properties of several groups (type to properties). */
        public Builder groupProperties(Map<String, ? extends Map<String, ?>> value) {
            if (value != null) {
                value.forEach(this::groupProperties);
            }
            return this;
        }

        /** Disables (or, with {@code false}, enables despite the client option) GeoIP for this evaluation. */
        public Builder disableGeoip(boolean value) {
            this.disableGeoip = value;
            return this;
        }

        /** The device id, sent as the person property {@code $device_id}. */
        public Builder deviceId(@Nullable String value) {
            this.deviceId = value;
            return this;
        }

        /** See {@link FeatureFlagOptions#onlyEvaluateLocally()}. */
        public Builder onlyEvaluateLocally(boolean value) {
            this.onlyEvaluateLocally = value;
            return this;
        }

        /** See {@link FeatureFlagOptions#forceRemote()}. */
        public Builder forceRemote(boolean value) {
            this.forceRemote = value;
            return this;
        }

        /** Whether reading flags emits {@code $feature_flag_called} events. Default: the client's setting. */
        public Builder sendFeatureFlagEvents(boolean value) {
            this.sendFeatureFlagEvents = value;
            return this;
        }

        /** See {@link FeatureFlagOptions#flagKeys()}. */
        public Builder flagKeys(@Nullable Collection<String> value) {
            if (value == null) {
                this.flagKeys = null;
            } else {
                this.flagKeys = new LinkedHashSet<>();
                for (String key : value) {
                    if (key != null && !key.isBlank()) {
                        flagKeys.add(key);
                    }
                }
            }
            return this;
        }

        /** The options. */
        public FeatureFlagOptions build() {
            return new FeatureFlagOptions(this);
        }
    }
}
