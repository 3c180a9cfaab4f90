package io.github.posthogcommunity.posthog.internal.flags;

/**
 * One flag as the server answered it, with the metadata the {@code $feature_flag_called} event carries.
 *
 * @param payload raw JSON text, or {@code null}
 * @param id the flag's id, or {@code null} (older response shape)
 * @param version the flag's version, or {@code null}
 * @param reason why it evaluated so (the reason's description, else its code), or {@code null}
 * @param hasExperiment whether an experiment uses the flag; {@code null} when the server did not say
 */
record EvaluatedFlag(String key, boolean enabled, String variant, String payload, Long id, Long version,
                     String reason, Boolean hasExperiment) {

    /** {@code Boolean} or the variant. */
    Object value() {
        if (!enabled) {
            return Boolean.FALSE;
        }
        return variant != null ? variant : Boolean.TRUE;
    }
}
