package io.github.posthogcommunity.posthog.internal.flags.local;

import java.util.HashMap;
import java.util.Map;

/**
 * Who a flag is evaluated for. Maps may contain {@code null} values (a property known to be null differs from
 * a missing one) and are never modified.
 *
 * @param distinctId the person's distinct id (the bucketing value of person flags)
 * @param personProperties person property name to value
 * @param groups group type name (for example {@code company}) to group key
 * @param groupProperties group type name to that group's properties
 * @param deviceId the device id, for flags with {@code bucketing_identifier: device_id}; may be {@code null}
 */
public record FlagContext(String distinctId, Map<String, ?> personProperties, Map<String, String> groups,
                          Map<String, ? extends Map<String, ?>> groupProperties, String deviceId) {

    public FlagContext {
        personProperties = personProperties == null ? Map.of() : personProperties;
        groups = groups == null ? Map.of() : groups;
        groupProperties = groupProperties == null ? Map.of() : groupProperties;
    }

    public static FlagContext of(String distinctId) {
        return new FlagContext(distinctId, Map.of(), Map.of(), Map.of(), null);
    }

    /**
     * The SDK-level enrichment every PostHog SDK applies before local evaluation: person property
     * {@code distinct_id} (unless the caller set one) and, for every group in {@link #groups()}, group property
     * {@code $group_key} (the caller's group properties win). Returns a new context; this one is unchanged.
     */
    public FlagContext withSdkEnrichment() {
        Map<String, Object> person = new HashMap<>(personProperties);
        if (!person.containsKey("distinct_id")) {
            person.put("distinct_id", distinctId);
        }
        Map<String, Map<String, ?>> groupProps = new HashMap<>(groupProperties);
        for (Map.Entry<String, String> g : groups.entrySet()) {
            Map<String, Object> props = new HashMap<>();
            props.put("$group_key", g.getValue());
            Map<String, ?> passed = groupProperties.get(g.getKey());
            if (passed != null) {
                props.putAll(passed);
            }
            groupProps.put(g.getKey(), props);
        }
        return new FlagContext(distinctId, person, groups, groupProps, deviceId);
    }
}
