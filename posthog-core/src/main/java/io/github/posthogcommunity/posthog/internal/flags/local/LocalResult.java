package io.github.posthogcommunity.posthog.internal.flags.local;

/**
 * The outcome of evaluating one flag locally: either {@link Decided} (a value) or {@link Inconclusive} (local
 * evaluation cannot decide; ask the server). Inconclusive is never folded into {@code false}.
 */
public sealed interface LocalResult permits LocalResult.Decided, LocalResult.Inconclusive {

    String key();

    /**
     * A value decided locally.
     *
     * @param value {@link Boolean#TRUE}, {@link Boolean#FALSE} or the variant key ({@link String})
     * @param payload the JSON payload configured for the matched value ({@code "true"} or the variant key), or
     *     {@code null}
     * @param flagId the flag's id, or {@code null}
     * @param flagVersion the flag's version, or {@code null}
     * @param reason why: {@code condition_match}, {@code no_condition_match}, {@code out_of_rollout_bound}
     *     (early exit) or {@code disabled}
     * @param conditionIndex the index of the condition set that decided, or {@code null}
     */
    record Decided(String key, Object value, String payload, Long flagId, Long flagVersion, String reason,
                   Integer conditionIndex) implements LocalResult {

        /** Whether the flag is on (true or any variant). */
        public boolean enabled() {
            return !Boolean.FALSE.equals(value);
        }

        /** The variant key, or {@code null} for a boolean result. */
        public String variant() {
            return value instanceof String s ? s : null;
        }
    }

    /**
     * Local evaluation cannot decide this flag.
     *
     * @param cause why
     */
    record Inconclusive(String key, Cause cause) implements LocalResult {
    }

    /** Why a flag is inconclusive. */
    enum Cause {
        /** No definitions have been loaded yet. */
        NOT_LOADED,
        /** The flag is not in the loaded definitions. */
        FLAG_NOT_FOUND,
        /** The properties given are not enough (missing property, bad date or version, unknown operator...). */
        INCONCLUSIVE_MATCH,
        /** The definition needs server data: a static or malformed cohort, or experience continuity. */
        REQUIRES_SERVER
    }
}
