package io.github.posthogcommunity.posthog.flags;

import org.jspecify.annotations.Nullable;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The flags of one person, evaluated once by {@code PostHogClient.evaluateFlags}: branch on it, then attach it to
 * the events you capture ({@code CaptureOptions.builder().flags(snapshot)}) so they carry exactly the values the
 * code branched on.
 *
 * <p>Immutable as far as flag values go, and thread-safe. No accessor ever goes to the network. {@link #isEnabled}
 * and {@link #getFlag} record the key as accessed and (unless the evaluation asked otherwise) emit a
 * deduplicated {@code $feature_flag_called} event; {@link #getPayload}, {@link #keys} and {@link #values} do neither.
 * {@link #only} and {@link #onlyAccessed} return new snapshots and never change this one.
 */
public interface FeatureFlagsSnapshot {

    /** The distinct id the flags were evaluated for. */
    String distinctId();

    /**
     * {@code true} when the flags that needed the server could not be fetched (no usable answer). The snapshot then
     * holds only the flags decided by local evaluation (none without a personal API key): every other accessor
     * answers as for an unknown flag.
     */
    boolean evaluationFailed();

    /** Whether the flag is on (a variant counts as on); {@code false} for an unknown flag. Emits the flag event. */
    default boolean isEnabled(String key) {
        return isEnabled(key, false);
    }

    /** Whether the flag is on; {@code defaultValue} only when the snapshot has no value for it. Emits the flag event. */
    boolean isEnabled(String key, boolean defaultValue);

    /**
     * The flag's value: {@link Boolean#TRUE}/{@link Boolean#FALSE} or the variant {@link String}; {@code null} for an
     * unknown flag. Emits the flag event.
     */
    @Nullable Object getFlag(String key);

    /** The flag's payload as raw JSON text, or {@code null}. Emits no event and does not count as an access. */
    @Nullable String getPayload(String key);

    /** The keys of every flag in this snapshot. */
    Set<String> keys();

    /**
     * Every flag's value (key to {@link Boolean} or variant {@link String}), without recording access or emitting
     * events: what capture attaches as {@code $feature/<key>}.
     */
    Map<String, Object> values();

    /** A snapshot holding only those of these keys that this one has. */
    FeatureFlagsSnapshot only(Collection<String> keys);

    /** A snapshot holding only those of these keys that this one has. */
    default FeatureFlagsSnapshot only(String... keys) {
        return only(Arrays.asList(keys));
    }

    /** A snapshot holding only the flags read so far through {@link #isEnabled} or {@link #getFlag}. */
    FeatureFlagsSnapshot onlyAccessed();
}
