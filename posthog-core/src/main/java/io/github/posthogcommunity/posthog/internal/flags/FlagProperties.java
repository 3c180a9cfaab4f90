package io.github.posthogcommunity.posthog.internal.flags;

import io.github.posthogcommunity.posthog.flags.FeatureFlagsSnapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Attaches a snapshot's flags to an event's properties. */
public final class FlagProperties {

    private FlagProperties() {
    }

    /**
     * Puts {@code $feature/<key>} for every flag of the snapshot (its value: {@code true}, {@code false} or the
     * variant) and {@code $active_feature_flags} (the enabled keys, sorted). Reads the snapshot without recording
     * access or emitting events. Does nothing for a {@code null} or empty snapshot.
     */
    public static void apply(Map<String, Object> properties, FeatureFlagsSnapshot snapshot) {
        if (snapshot == null) {
            return;
        }
        Map<String, Object> values = snapshot.values();
        if (values == null || values.isEmpty()) {
            return;
        }
        List<String> active = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object value = e.getValue();
            if (e.getKey() == null || value == null) {
                continue;
            }
            Object wire = value instanceof Boolean || value instanceof String ? value : String.valueOf(value);
            properties.put("$feature/" + e.getKey(), wire);
            if (!Boolean.FALSE.equals(wire)) {
                active.add(e.getKey());
            }
        }
        Collections.sort(active);
        properties.put("$active_feature_flags", List.copyOf(active));
    }
}
