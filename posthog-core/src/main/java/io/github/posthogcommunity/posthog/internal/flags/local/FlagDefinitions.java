package io.github.posthogcommunity.posthog.internal.flags.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One immutable snapshot of the local-evaluation definitions ({@code GET /flags/definitions}): the flags, the
 * group type mapping and the cohorts, parsed once into a model that evaluation reads without any JSON work.
 *
 * <p>Parsing is lenient where PostHog's SDKs are lenient: a flag entry without a key is skipped, unknown fields
 * are ignored, and anything odd inside a filter is kept so that evaluation reports it (as a no-match or as
 * inconclusive) exactly where the reference evaluator would.
 */
public final class FlagDefinitions {

    private static final FlagDefinitions EMPTY = new FlagDefinitions(Map.of(), Map.of(), Map.of(), Map.of());

    private final Map<String, Flag> flagsByKey;
    private final Map<String, String> groupTypeMapping;
    private final Map<String, PropertyGroup> cohorts;
    private final Set<String> resolvableCohorts;
    private final Map<String, Set<String>> evaluationTags; // only flags that have some

    private FlagDefinitions(Map<String, Flag> flagsByKey, Map<String, String> groupTypeMapping,
                            Map<String, PropertyGroup> cohorts, Map<String, Set<String>> evaluationTags) {
        this.flagsByKey = flagsByKey;
        this.evaluationTags = evaluationTags;
        this.groupTypeMapping = groupTypeMapping;
        this.cohorts = cohorts;
        this.resolvableCohorts = resolvable(cohorts);
    }

    /** No flags at all (before the first load, or after the server reported the quota as exceeded). */
    public static FlagDefinitions empty() {
        return EMPTY;
    }

    /**
     * Parses a definitions response body ({@code {"flags": [...], "group_type_mapping": {...}, "cohorts": {...}}}).
     *
     * @throws IllegalArgumentException when the body is not JSON or has no {@code flags} array
     */
    public static FlagDefinitions parse(byte[] json) {
        Object root;
        try {
            root = JsonTree.parse(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("flag definitions are not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("flags") instanceof List<?>)) {
            throw new IllegalArgumentException("flag definitions have no \"flags\" array");
        }
        return fromTree(map);
    }

    static FlagDefinitions fromTree(Map<?, ?> root) {
        Map<String, Flag> flags = new LinkedHashMap<>();
        Map<String, Set<String>> tags = new HashMap<>();
        if (root.get("flags") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> flagMap && flagMap.get("key") instanceof String key) {
                    flags.put(key, Flag.parse(key, flagMap));
                    if (flagMap.get("evaluation_tags") instanceof List<?> names && !names.isEmpty()) {
                        Set<String> set = new HashSet<>();
                        names.forEach(n -> set.add(String.valueOf(n)));
                        tags.put(key, Set.copyOf(set));
                    }
                }
            }
        }
        Map<String, String> mapping = new HashMap<>();
        if (root.get("group_type_mapping") instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() instanceof String name) {
                    mapping.put(String.valueOf(e.getKey()), name);
                }
            }
        }
        Map<String, PropertyGroup> cohorts = new HashMap<>();
        if (root.get("cohorts") instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                cohorts.put(String.valueOf(e.getKey()), PropertyGroup.parse(e.getValue()));
            }
        }
        return new FlagDefinitions(Collections.unmodifiableMap(flags), Map.copyOf(mapping), Map.copyOf(cohorts), tags);
    }

    /** The flags in definition order, by key (a later duplicate key replaces an earlier one). */
    Map<String, Flag> flags() {
        return flagsByKey;
    }

    /**
     * Whether evaluation contexts exclude this flag: it has evaluation tags, contexts are given, and none of its
     * tags is among them (PostHog then leaves the flag out of the answer). No contexts exclude nothing.
     */
    public boolean excludedBy(String key, List<String> contexts) {
        if (contexts.isEmpty()) {
            return false;
        }
        Set<String> flagTags = evaluationTags.get(key);
        if (flagTags == null) {
            return false;
        }
        for (String context : contexts) {
            if (flagTags.contains(context)) {
                return false;
            }
        }
        return true;
    }

    /** The loaded flag keys, in definition order. */
    public Set<String> keys() {
        return flagsByKey.keySet();
    }

    public int size() {
        return flagsByKey.size();
    }

    Flag flag(String key) {
        return flagsByKey.get(key);
    }

    String groupTypeName(int index) {
        return groupTypeMapping.get(Integer.toString(index));
    }

    PropertyGroup cohort(String id) {
        return cohorts.get(id);
    }

    /** A cohort is resolvable when it exists, is well formed, and every cohort it references is too. */
    boolean isResolvableCohort(String id) {
        return resolvableCohorts.contains(id);
    }

    private static Set<String> resolvable(Map<String, PropertyGroup> cohorts) {
        Map<String, Boolean> memo = new HashMap<>();
        Set<String> out = new HashSet<>();
        for (String id : cohorts.keySet()) {
            if (resolve(id, cohorts, memo, new HashSet<>())) {
                out.add(id);
            }
        }
        return Set.copyOf(out);
    }

    private static boolean resolve(String id, Map<String, PropertyGroup> cohorts, Map<String, Boolean> memo,
                                   Set<String> visiting) {
        Boolean known = memo.get(id);
        if (known != null) {
            return known;
        }
        PropertyGroup group = cohorts.get(id);
        if (group == null || !visiting.add(id)) {
            return false; // missing (a static cohort) or a reference cycle
        }
        boolean ok = resolveGroup(group, cohorts, memo, visiting);
        visiting.remove(id);
        memo.put(id, ok);
        return ok;
    }

    private static boolean resolveGroup(PropertyGroup group, Map<String, PropertyGroup> cohorts,
                                        Map<String, Boolean> memo, Set<String> visiting) {
        if (group.malformed()) {
            return false;
        }
        for (PropertyGroup nested : group.groups()) {
            if (!resolveGroup(nested, cohorts, memo, visiting)) {
                return false;
            }
        }
        for (Filter leaf : group.leaves()) {
            if (leaf.kind == Filter.Kind.COHORT && !resolve(leaf.cohortId, cohorts, memo, visiting)) {
                return false;
            }
        }
        return true;
    }

    /** One feature flag definition. */
    record Flag(String key, Long id, Long version, boolean active, boolean experienceContinuity,
                       Integer aggregationGroupTypeIndex, boolean deviceBucketing, List<Condition> conditions,
                       List<String> variantKeys, double[] variantUpperBounds, Map<String, String> payloads,
                       boolean earlyExit, byte[] hashPrefix) {

        static Flag parse(String key, Map<?, ?> map) {
            Map<?, ?> filters = map.get("filters") instanceof Map<?, ?> f ? f : Map.of();
            List<String> variantKeys = new ArrayList<>();
            List<Double> bounds = new ArrayList<>();
            if (filters.get("multivariate") instanceof Map<?, ?> mv && mv.get("variants") instanceof List<?> vs) {
                double valueMin = 0;
                for (Object v : vs) {
                    if (!(v instanceof Map<?, ?> variant)) {
                        continue;
                    }
                    Double pct = PyValues.toFloat(variant.get("rollout_percentage"));
                    double valueMax = valueMin + (pct == null ? 0 : pct) / 100;
                    variantKeys.add(PyValues.str(variant.get("key")));
                    bounds.add(valueMax);
                    valueMin = valueMax;
                }
            }
            List<Condition> conditions = new ArrayList<>();
            if (filters.get("groups") instanceof List<?> groups) {
                for (Object g : groups) {
                    conditions.add(Condition.parse(g instanceof Map<?, ?> m ? m : Map.of(), variantKeys));
                }
            }
            Map<String, String> payloads = new HashMap<>();
            if (filters.get("payloads") instanceof Map<?, ?> p) {
                for (Map.Entry<?, ?> e : p.entrySet()) {
                    Object v = e.getValue();
                    if (v != null) {
                        payloads.put(String.valueOf(e.getKey()), v instanceof String s ? s : JsonTree.write(v));
                    }
                }
            }
            double[] upper = new double[bounds.size()];
            for (int i = 0; i < upper.length; i++) {
                upper[i] = bounds.get(i);
            }
            return new Flag(key, asLong(map.get("id")), asLong(map.get("version")),
                    Boolean.TRUE.equals(map.get("active")),
                    Boolean.TRUE.equals(map.get("ensure_experience_continuity")),
                    asInt(filters.get("aggregation_group_type_index")),
                    "device_id".equals(filters.get("bucketing_identifier")),
                    List.copyOf(conditions), List.copyOf(variantKeys), upper, Map.copyOf(payloads),
                    Boolean.TRUE.equals(filters.get("early_exit")), FlagHash.prefix(key));
        }

        boolean isMultivariate() {
            return !variantKeys.isEmpty();
        }
    }

    /**
     * One condition set ({@code filters.groups[i]}).
     *
     * @param rolloutThreshold {@code rollout_percentage / 100}, or {@code null} when absent (everyone)
     * @param variantOverride the override variant when it names an existing variant, else {@code null}
     * @param ownAggregation whether the condition carries its own {@code aggregation_group_type_index}
     *     (mixed person/group targeting)
     */
    record Condition(List<Filter> properties, Double rolloutThreshold, String variantOverride,
                            boolean ownAggregation, Integer aggregationGroupTypeIndex) {

        static Condition parse(Map<?, ?> map, List<String> variantKeys) {
            List<Filter> props = new ArrayList<>();
            if (map.get("properties") instanceof List<?> list) {
                for (Object p : list) {
                    props.add(Filter.parse(p instanceof Map<?, ?> m ? m : Map.of()));
                }
            }
            Double pct = PyValues.toFloat(map.get("rollout_percentage"));
            Object variant = map.get("variant");
            String override = variant instanceof String s && !s.isEmpty() && variantKeys.contains(s) ? s : null;
            return new Condition(List.copyOf(props), pct == null ? null : pct / 100, override,
                    map.containsKey("aggregation_group_type_index"), asInt(map.get("aggregation_group_type_index")));
        }
    }

    /**
     * A cohort's property group: either nested groups or leaf filters, combined with AND or OR.
     *
     * @param malformed the group has no {@code values}: it cannot be evaluated locally
     */
    record PropertyGroup(boolean and, List<PropertyGroup> groups, List<Filter> leaves, boolean malformed) {

        static final PropertyGroup ALWAYS = new PropertyGroup(true, List.of(), List.of(), false);
        static final PropertyGroup MALFORMED = new PropertyGroup(true, List.of(), List.of(), true);

        static PropertyGroup parse(Object node) {
            if (!(node instanceof Map<?, ?> map)) {
                return node == null ? ALWAYS : MALFORMED;
            }
            if (map.isEmpty()) {
                return ALWAYS;
            }
            boolean and = "AND".equals(map.get("type"));
            if (!(map.get("values") instanceof List<?> values)) {
                return MALFORMED;
            }
            if (values.isEmpty()) {
                return ALWAYS;
            }
            List<PropertyGroup> groups = new ArrayList<>();
            List<Filter> leaves = new ArrayList<>();
            if (values.get(0) instanceof Map<?, ?> first && first.containsKey("values")) {
                for (Object v : values) {
                    groups.add(parse(v));
                }
            } else {
                for (Object v : values) {
                    leaves.add(Filter.parse(v instanceof Map<?, ?> m ? m : Map.of()));
                }
            }
            return new PropertyGroup(and, List.copyOf(groups), List.copyOf(leaves), false);
        }

        boolean alwaysMatches() {
            return !malformed && groups.isEmpty() && leaves.isEmpty();
        }
    }

    static Long asLong(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        return null;
    }

    static Integer asInt(Object o) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        if (o instanceof String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
