package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.flags.FeatureFlagsSnapshot;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Per-event options for {@link PostHogClient#capture(String, String, Map, CaptureOptions)}: timestamp, uuid,
 * groups, person properties to set, and geoip. Immutable; build with {@link #builder()}.
 */
public final class CaptureOptions {

    private static final CaptureOptions NONE = new Builder().build();
    private static final CaptureOptions PERSONLESS = new Builder().personless().build();

    private final @Nullable Instant timestamp;
    private final @Nullable UUID uuid;
    private final @Nullable Map<String, String> groups;
    private final @Nullable Map<String, Object> set;
    private final @Nullable Map<String, Object> setOnce;
    private final @Nullable Boolean disableGeoip;
    private final @Nullable Boolean processPersonProfile;
    private final boolean cookielessMode;
    private final boolean disableSkewCorrection;
    private final @Nullable String productTourId;
    private final @Nullable FeatureFlagsSnapshot flags;
    private final boolean personless;

    private CaptureOptions(Builder b) {
        this.timestamp = b.timestamp;
        this.uuid = b.uuid;
        this.groups = b.groups == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.groups));
        this.set = b.set == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.set));
        this.setOnce = b.setOnce == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.setOnce));
        this.disableGeoip = b.disableGeoip;
        this.processPersonProfile = b.processPersonProfile;
        this.cookielessMode = b.cookielessMode;
        this.disableSkewCorrection = b.disableSkewCorrection;
        this.productTourId = b.productTourId;
        this.flags = b.flags;
        this.personless = b.personless;
    }

    /** Options with nothing set. */
    public static CaptureOptions none() {
        return NONE;
    }

    /**
     * Options for an anonymous event recorded on purpose: {@code $process_person_profile: false} (no person profile
     * is created or updated), and a random distinct id when neither the call nor the ambient {@link EventContext}
     * gives one. With a distinct id the event is still attributed to it, without touching its profile.
     * {@code capture(null, ...)} outside any context does the same implicitly; this makes the intent explicit
     * and also applies when a distinct id is known. Combine with other options through {@link Builder#personless()}.
     */
    public static CaptureOptions personless() {
        return PERSONLESS;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The caller's timestamp, or {@code null} to stamp the capture instant. */
    public @Nullable Instant timestamp() {
        return timestamp;
    }

    /** The caller's uuid, or {@code null} for a fresh UUIDv7. */
    public @Nullable UUID uuid() {
        return uuid;
    }

    /** Group type to group key, sent as {@code $groups}; {@code null} when none. */
    public @Nullable Map<String, String> groups() {
        return groups;
    }

    /** Person properties to set, sent as {@code $set}; {@code null} when none. */
    public @Nullable Map<String, Object> set() {
        return set;
    }

    /** Person properties to set once, sent as {@code $set_once}; {@code null} when none. */
    public @Nullable Map<String, Object> setOnce() {
        return setOnce;
    }

    /** {@code true} to add {@code $geoip_disable: true}; {@code null} follows the client option. */
    public @Nullable Boolean disableGeoip() {
        return disableGeoip;
    }

    /** Sets {@code $process_person_profile}; {@code null} leaves it unset. */
    public @Nullable Boolean processPersonProfile() {
        return processPersonProfile;
    }

    /** {@code true} to mark the event as captured in cookieless mode ({@code $cookieless_mode}). */
    public boolean cookielessMode() {
        return cookielessMode;
    }

    /** {@code true} to ask the server not to correct clock skew ({@code $ignore_sent_at}). */
    public boolean disableSkewCorrection() {
        return disableSkewCorrection;
    }

    /** The product tour the event belongs to ({@code $product_tour_id}), or {@code null}. */
    public @Nullable String productTourId() {
        return productTourId;
    }

    /** Flags whose values the event carries ({@code $feature/<key>}, {@code $active_feature_flags}); {@code null} when none. */
    public @Nullable FeatureFlagsSnapshot flags() {
        return flags;
    }

    /** Whether the event is personless on purpose (see {@link #personless()}); wins over {@link #processPersonProfile()}. */
    public boolean isPersonless() {
        return personless;
    }

    /** Builder for {@link CaptureOptions}. Not thread-safe. */
    public static final class Builder {
        private @Nullable Instant timestamp;
        private @Nullable UUID uuid;
        private @Nullable Map<String, String> groups;
        private @Nullable Map<String, Object> set;
        private @Nullable Map<String, Object> setOnce;
        private @Nullable Boolean disableGeoip;
        private @Nullable Boolean processPersonProfile;
        private boolean cookielessMode;
        private boolean disableSkewCorrection;
        private @Nullable String productTourId;
        private @Nullable FeatureFlagsSnapshot flags;
        private boolean personless;

        private Builder() {
        }

        /** When the event happened; defaults to the capture instant. */
        public Builder timestamp(@Nullable Instant value) {
            this.timestamp = value;
            return this;
        }

        /** When the event happened, with any offset; sent as the same instant in UTC. */
        public Builder timestamp(@Nullable OffsetDateTime value) {
            this.timestamp = value == null ? null : value.toInstant();
            return this;
        }

        /** The event's uuid; defaults to a fresh UUIDv7. Keep it stable to let the server deduplicate. */
        public Builder uuid(@Nullable UUID value) {
            this.uuid = value;
            return this;
        }

        /** Associates the event with a group, for example {@code group("company", "acme")}. */
        public Builder group(String groupType, String groupKey) {
            if (groups == null) {
                groups = new LinkedHashMap<>();
            }
            groups.put(groupType, groupKey);
            return this;
        }

        /** Associates the event with all of these groups (type to key). */
        public Builder groups(@Nullable Map<String, String> value) {
            if (value != null) {
                value.forEach(this::group);
            }
            return this;
        }

        /** Person properties to set with this event ({@code $set}). */
        public Builder set(@Nullable Map<String, ?> value) {
            this.set = value == null ? null : new LinkedHashMap<>(value);
            return this;
        }

        /** Person properties to set only if absent ({@code $set_once}). */
        public Builder setOnce(@Nullable Map<String, ?> value) {
            this.setOnce = value == null ? null : new LinkedHashMap<>(value);
            return this;
        }

        /** Disables GeoIP enrichment for this event. */
        public Builder disableGeoip(boolean value) {
            this.disableGeoip = value;
            return this;
        }

        /** Whether the event may create or update a person profile ({@code $process_person_profile}). */
        public Builder processPersonProfile(boolean value) {
            this.processPersonProfile = value;
            return this;
        }

        /** Makes the event personless on purpose; see {@link CaptureOptions#personless()}. */
        public Builder personless() {
            this.personless = true;
            return this;
        }

        /** Marks the event as captured in cookieless mode (v0: {@code $cookieless_mode}; v1: an option). */
        public Builder cookielessMode(boolean value) {
            this.cookielessMode = value;
            return this;
        }

        /** Asks the server not to correct clock skew (v0: {@code $ignore_sent_at}; v1: an option). */
        public Builder disableSkewCorrection(boolean value) {
            this.disableSkewCorrection = value;
            return this;
        }

        /** The product tour the event belongs to (v0: {@code $product_tour_id}; v1: an option). */
        public Builder productTourId(@Nullable String value) {
            this.productTourId = value;
            return this;
        }

        /**
         * Attaches these evaluated flags: {@code $feature/<key>} for every flag of the snapshot and
         * {@code $active_feature_flags} for the enabled ones. Use {@code snapshot.only(...)} or
         * {@code snapshot.onlyAccessed()} to attach fewer. Attaching reads no flag and emits no flag event.
         */
        public Builder flags(@Nullable FeatureFlagsSnapshot value) {
            this.flags = value;
            return this;
        }

        /** The options. */
        public CaptureOptions build() {
            return new CaptureOptions(this);
        }
    }
}
