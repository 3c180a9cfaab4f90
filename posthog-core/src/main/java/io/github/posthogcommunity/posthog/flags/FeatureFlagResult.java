package io.github.posthogcommunity.posthog.flags;

import org.jspecify.annotations.Nullable;

/**
 * One evaluated feature flag.
 *
 * @param key the flag key
 * @param enabled whether the flag is on for this person (a flag with a variant is on)
 * @param variant the variant key of a multivariate flag, or {@code null}
 * @param payload the flag's payload as the raw JSON text the server sent (for example {@code {"color":"red"}} or
 *                {@code "text"} with its quotes), or {@code null} when the flag has none; parse it with the JSON
 *                library of your choice
 */
public record FeatureFlagResult(String key, boolean enabled, @Nullable String variant, @Nullable String payload) {

    /** The flag's value as {@code getFeatureFlag} returns it: the variant when there is one, else the boolean. */
    public Object value() {
        if (!enabled) {
            return Boolean.FALSE;
        }
        return variant != null ? variant : Boolean.TRUE;
    }
}
