package io.github.posthogcommunity.posthog.flags;

import java.util.Map;

/**
 * Every flag evaluated for one person, with the payloads of those that have one.
 *
 * @param flags flag key to value: {@link Boolean} or a {@link String} variant
 * @param payloads flag key to the payload's raw JSON text (only flags with a payload)
 */
public record FeatureFlagsAndPayloads(Map<String, Object> flags, Map<String, String> payloads) {

    private static final FeatureFlagsAndPayloads EMPTY = new FeatureFlagsAndPayloads(Map.of(), Map.of());

    /** Copies both maps into unmodifiable maps. */
    public FeatureFlagsAndPayloads {
        flags = flags == null ? Map.of() : Map.copyOf(flags);
        payloads = payloads == null ? Map.of() : Map.copyOf(payloads);
    }

    /** No flags. */
    public static FeatureFlagsAndPayloads empty() {
        return EMPTY;
    }
}
