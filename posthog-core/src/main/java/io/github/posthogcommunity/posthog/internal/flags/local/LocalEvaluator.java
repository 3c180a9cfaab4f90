package io.github.posthogcommunity.posthog.internal.flags.local;

import io.github.posthogcommunity.posthog.PostHogClock;
import io.github.posthogcommunity.posthog.internal.flags.local.FlagDefinitions.Condition;
import io.github.posthogcommunity.posthog.internal.flags.local.FlagDefinitions.Flag;
import io.github.posthogcommunity.posthog.internal.flags.local.FlagDefinitions.PropertyGroup;
import io.github.posthogcommunity.posthog.internal.flags.local.LocalResult.Cause;
import io.github.posthogcommunity.posthog.internal.flags.local.LocalResult.Decided;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Evaluates feature flags locally against one immutable {@link FlagDefinitions} snapshot, with the semantics of
 * PostHog's reference evaluator (posthog-python {@code feature_flags.py}). Immutable and thread-safe; a call
 * allocates only its result (and a small cache when flags depend on other flags).
 *
 * <p>This is the engine level: it does not add the SDK enrichment ({@code distinct_id}, {@code $group_key});
 * callers apply {@link FlagContext#withSdkEnrichment()} first, as {@link LocalFlags} does.
 */
public final class LocalEvaluator {

    private static final int NO_MATCH = 0;
    private static final int MATCH = 1;
    private static final int OUT_OF_ROLLOUT = 2;

    private static final Object IN_PROGRESS = new Object();
    private static final Object UNDECIDED = new Object();

    private final FlagDefinitions definitions;
    private final PostHogClock clock;

    public LocalEvaluator(FlagDefinitions definitions, PostHogClock clock) {
        this.definitions = Objects.requireNonNull(definitions, "definitions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public FlagDefinitions definitions() {
        return definitions;
    }

    /** Evaluates one flag; a key that is not loaded is {@link Cause#FLAG_NOT_FOUND}. */
    public LocalResult evaluate(String key, FlagContext context) {
        Flag flag = definitions.flag(key);
        if (flag == null) {
            return new LocalResult.Inconclusive(key, Cause.FLAG_NOT_FOUND);
        }
        return decide(flag, new Run(context));
    }

    /** Evaluates every loaded flag, sharing dependency results between them. */
    public LocalEvaluations evaluateAll(FlagContext context) {
        Run run = new Run(context);
        Map<String, Decided> values = new LinkedHashMap<>();
        Set<String> inconclusive = new LinkedHashSet<>();
        for (Flag flag : definitions.flags().values()) {
            LocalResult r = decide(flag, run);
            if (r instanceof Decided d) {
                values.put(flag.key(), d);
            } else {
                inconclusive.add(flag.key());
            }
        }
        return new LocalEvaluations(Collections.unmodifiableMap(values), Collections.unmodifiableSet(inconclusive),
                true);
    }

    private LocalResult decide(Flag flag, Run run) {
        try {
            return compute(flag, run);
        } catch (Undecidable u) {
            return new LocalResult.Inconclusive(flag.key(),
                    u.requiresServer ? Cause.REQUIRES_SERVER : Cause.INCONCLUSIVE_MATCH);
        }
    }

    private Decided compute(Flag flag, Run run) {
        if (!flag.active()) {
            return decided(flag, Boolean.FALSE, "disabled", null);
        }
        if (flag.experienceContinuity()) {
            throw Undecidable.REQUIRES_SERVER;
        }
        FlagContext ctx = run.context;
        Integer aggregation = flag.aggregationGroupTypeIndex();
        Map<String, ?> flagProperties;
        String flagBucketing;
        if (aggregation != null) {
            String groupType = definitions.groupTypeName(aggregation);
            if (groupType == null) {
                throw Undecidable.INCONCLUSIVE; // the group type is not in group_type_mapping
            }
            String groupKey = ctx.groups().get(groupType);
            if (groupKey == null) {
                return decided(flag, Boolean.FALSE, "no_group_type", null); // the caller passed no such group
            }
            flagProperties = ctx.groupProperties().get(groupType);
            if (flagProperties == null) {
                throw Undecidable.INCONCLUSIVE;
            }
            flagBucketing = groupKey; // group flags ignore bucketing_identifier
        } else {
            flagProperties = ctx.personProperties();
            if (flag.deviceBucketing()) {
                if (ctx.deviceId() == null) {
                    throw Undecidable.INCONCLUSIVE;
                }
                flagBucketing = ctx.deviceId();
            } else {
                flagBucketing = ctx.distinctId();
            }
        }

        boolean inconclusive = false;
        List<Condition> conditions = flag.conditions();
        for (int i = 0; i < conditions.size(); i++) {
            Condition condition = conditions.get(i);
            try {
                Map<String, ?> properties = flagProperties;
                String bucketing = flagBucketing;
                if (aggregation == null && condition.ownAggregation()
                        && condition.aggregationGroupTypeIndex() != null) {
                    // mixed targeting: this condition set targets a group
                    String groupType = definitions.groupTypeName(condition.aggregationGroupTypeIndex());
                    if (groupType == null) {
                        throw Undecidable.INCONCLUSIVE;
                    }
                    String groupKey = ctx.groups().get(groupType);
                    if (groupKey == null) {
                        continue;
                    }
                    properties = ctx.groupProperties().get(groupType);
                    if (properties == null) {
                        throw Undecidable.INCONCLUSIVE;
                    }
                    bucketing = groupKey;
                }
                int match = matchCondition(flag, condition, properties, bucketing, run);
                if (match == MATCH) {
                    Object value = condition.variantOverride() != null
                            ? condition.variantOverride() : variant(flag, bucketing);
                    return decided(flag, value == null ? Boolean.TRUE : value, "condition_match", i);
                }
                if (match == OUT_OF_ROLLOUT && flag.earlyExit()) {
                    if (inconclusive) {
                        throw Undecidable.INCONCLUSIVE; // an earlier condition might have matched
                    }
                    return decided(flag, Boolean.FALSE, "out_of_rollout_bound", i);
                }
            } catch (Undecidable u) {
                if (u.requiresServer) {
                    throw u;
                }
                inconclusive = true;
            }
        }
        if (inconclusive) {
            throw Undecidable.INCONCLUSIVE;
        }
        return decided(flag, Boolean.FALSE, "no_condition_match", null);
    }

    private static Decided decided(Flag flag, Object value, String reason, Integer conditionIndex) {
        String payload = null;
        if (Boolean.TRUE.equals(value)) {
            payload = flag.payloads().get("true");
        } else if (value instanceof String variant) {
            payload = flag.payloads().get(variant);
        }
        return new Decided(flag.key(), value, payload, flag.id(), flag.version(), reason, conditionIndex);
    }

    private int matchCondition(Flag flag, Condition condition, Map<String, ?> properties, String bucketing,
                               Run run) {
        List<Filter> filters = condition.properties();
        if (!filters.isEmpty()) {
            for (int i = 0; i < filters.size(); i++) {
                if (!matchFilter(filters.get(i), properties, run)) {
                    return NO_MATCH;
                }
            }
            if (condition.rolloutThreshold() == null) {
                return MATCH;
            }
        }
        Double threshold = condition.rolloutThreshold();
        if (threshold != null && FlagHash.hash(flag.hashPrefix(), bucketing, FlagHash.NO_SALT) > threshold) {
            return OUT_OF_ROLLOUT;
        }
        return MATCH;
    }

    private boolean matchFilter(Filter filter, Map<String, ?> properties, Run run) {
        switch (filter.kind) {
            case COHORT:
                return matchCohort(filter, properties, run) != filter.notIn;
            case FLAG:
                return matchDependency(filter, run);
            default:
                return filter.matchProperty(properties, run);
        }
    }

    private static String variant(Flag flag, String bucketing) {
        if (!flag.isMultivariate()) {
            return null;
        }
        double hash = FlagHash.hash(flag.hashPrefix(), bucketing, FlagHash.VARIANT_SALT);
        double[] upper = flag.variantUpperBounds();
        double lower = 0;
        for (int i = 0; i < upper.length; i++) {
            if (hash >= lower && hash < upper[i]) {
                return flag.variantKeys().get(i);
            }
            lower = upper[i];
        }
        return null;
    }

    private boolean matchCohort(Filter filter, Map<String, ?> properties, Run run) {
        if (!definitions.isResolvableCohort(filter.cohortId)) {
            // a static cohort (not sent to SDKs), a malformed one, or one that references such a cohort
            throw Undecidable.REQUIRES_SERVER;
        }
        return matchGroup(definitions.cohort(filter.cohortId), properties, run);
    }

    private boolean matchGroup(PropertyGroup group, Map<String, ?> properties, Run run) {
        if (group.alwaysMatches()) {
            return true;
        }
        boolean and = group.and();
        boolean undecided = false;
        if (!group.groups().isEmpty()) {
            for (PropertyGroup nested : group.groups()) {
                try {
                    boolean matches = matchGroup(nested, properties, run);
                    if (and && !matches) {
                        return false;
                    }
                    if (!and && matches) {
                        return true;
                    }
                } catch (Undecidable u) {
                    if (u.requiresServer) {
                        throw u;
                    }
                    undecided = true;
                }
            }
        } else {
            for (Filter leaf : group.leaves()) {
                try {
                    boolean matches = switch (leaf.kind) {
                        case COHORT -> matchCohort(leaf, properties, run);
                        case FLAG -> matchDependency(leaf, run);
                        default -> leaf.matchProperty(properties, run);
                    };
                    boolean negation = leaf.negation;
                    if (and && matches == negation) {
                        return false;
                    }
                    if (!and && matches != negation) {
                        return true;
                    }
                } catch (Undecidable u) {
                    if (u.requiresServer) {
                        throw u;
                    }
                    undecided = true;
                }
            }
        }
        if (undecided) {
            throw Undecidable.INCONCLUSIVE;
        }
        return and;
    }

    private boolean matchDependency(Filter filter, Run run) {
        List<String> chain = filter.dependencyChain;
        if (chain == null || chain.isEmpty()) {
            throw Undecidable.INCONCLUSIVE; // malformed server data, or a circular dependency
        }
        if (filter.malformedDependency) {
            return false;
        }
        for (int i = 0; i < chain.size(); i++) {
            dependencyValue(chain.get(i), run);
        }
        Object actual = dependencyValue(filter.key, run);
        Object expected = filter.value;
        if (actual instanceof String variant && !variant.isEmpty()) {
            if (expected instanceof Boolean b) {
                return b;
            }
            return variant.equals(expected); // variants are case-sensitive
        }
        return actual instanceof Boolean a && expected instanceof Boolean e && a.equals(e);
    }

    /** The value of a flag another flag depends on, computed once per call. */
    private Object dependencyValue(String key, Run run) {
        Map<String, Object> cache = run.cache();
        Object cached = cache.get(key);
        if (cached == IN_PROGRESS || cached == UNDECIDED) {
            throw Undecidable.INCONCLUSIVE;
        }
        if (cached != null) {
            return cached;
        }
        Flag flag = definitions.flag(key);
        if (flag == null) {
            cache.put(key, UNDECIDED);
            throw Undecidable.INCONCLUSIVE;
        }
        cache.put(key, IN_PROGRESS);
        try {
            Object value = compute(flag, run).value();
            cache.put(key, value);
            return value;
        } catch (Undecidable u) {
            cache.put(key, UNDECIDED);
            throw u.requiresServer ? u : Undecidable.INCONCLUSIVE;
        }
    }

    /** The state of one evaluation call: the context, "now" (read once, lazily) and the dependency cache. */
    private final class Run implements Supplier<Instant> {

        final FlagContext context;
        private Instant now;
        private Map<String, Object> cache;

        Run(FlagContext context) {
            this.context = Objects.requireNonNull(context, "context");
        }

        @Override
        public Instant get() {
            if (now == null) {
                now = clock.now();
            }
            return now;
        }

        Map<String, Object> cache() {
            if (cache == null) {
                cache = new HashMap<>();
            }
            return cache;
        }
    }
}
