package io.github.posthogcommunity.posthog.internal.flags;

import io.github.posthogcommunity.posthog.internal.flags.local.LocalResult;

/**
 * One evaluated flag, with the metadata the {@code $feature_flag_called} event carries.
 *
 * @param payload raw JSON text, or {@code null}
 * @param id the flag's id, or {@code null} (older response shape)
 * @param version the flag's version, or {@code null}
 * @param reason why it evaluated so (the reason's description, else its code), or {@code null}
 * @param hasExperiment whether an experiment uses the flag; {@code null} when the server did not say
 * @param locallyEvaluated {@code true} when the value came from local evaluation, not from {@code /flags}
 */
record EvaluatedFlag(String key, boolean enabled, String variant, String payload, Long id, Long version,
                     String reason, Boolean hasExperiment, boolean locallyEvaluated) {

    /** A flag the server evaluated. */
    EvaluatedFlag(String key, boolean enabled, String variant, String payload, Long id, Long version, String reason,
                  Boolean hasExperiment) {
        this(key, enabled, variant, payload, id, version, reason, hasExperiment, false);
    }

    /** A flag decided by local evaluation. */
    static EvaluatedFlag local(LocalResult.Decided d) {
        return new EvaluatedFlag(d.key(), d.enabled(), d.variant(), d.payload(), d.flagId(), d.flagVersion(),
                d.reason(), null, true);
    }

    /** {@code Boolean} or the variant. */
    Object value() {
        if (!enabled) {
            return Boolean.FALSE;
        }
        return variant != null ? variant : Boolean.TRUE;
    }
}
