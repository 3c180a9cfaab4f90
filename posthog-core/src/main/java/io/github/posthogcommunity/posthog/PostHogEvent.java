package io.github.posthogcommunity.posthog;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An event as a {@link BeforeSend} hook sees it. Immutable: the {@code with...} methods return copies.
 * {@link #properties()} holds everything that will be sent under {@code properties}, including
 * {@code $set}, {@code $set_once}, {@code $groups} and {@code $process_person_profile}; the SDK adds
 * {@code $lib} and {@code $lib_version} when it serializes the event.
 */
public final class PostHogEvent {

    private final String event;
    private final String distinctId;
    private final Map<String, Object> properties;
    private final Instant timestamp;
    private final UUID uuid;

    /**
     * @param event the event name
     * @param distinctId the distinct id of the person (or group pseudo-person)
     * @param properties the event properties; copied
     * @param timestamp when the event happened
     * @param uuid the event's unique id, kept across retries
     */
    public PostHogEvent(String event, String distinctId, Map<String, ?> properties, Instant timestamp, UUID uuid) {
        this.event = event;
        this.distinctId = distinctId;
        this.properties = properties == null
                ? Collections.emptyMap()
                : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.uuid = Objects.requireNonNull(uuid, "uuid");
    }

    /** The event name, for example {@code $pageview} or {@code order placed}. */
    public String event() {
        return event;
    }

    /** The distinct id the event is attributed to. */
    public String distinctId() {
        return distinctId;
    }

    /** The properties, unmodifiable, in insertion order. */
    public Map<String, Object> properties() {
        return properties;
    }

    /** When the event happened. */
    public Instant timestamp() {
        return timestamp;
    }

    /** The event's unique id. */
    public UUID uuid() {
        return uuid;
    }

    /** A copy with another event name. */
    public PostHogEvent withEvent(String newEvent) {
        return new PostHogEvent(newEvent, distinctId, properties, timestamp, uuid);
    }

    /** A copy with another distinct id. */
    public PostHogEvent withDistinctId(String newDistinctId) {
        return new PostHogEvent(event, newDistinctId, properties, timestamp, uuid);
    }

    /** A copy whose properties are replaced by {@code newProperties}. */
    public PostHogEvent withProperties(Map<String, ?> newProperties) {
        return new PostHogEvent(event, distinctId, newProperties, timestamp, uuid);
    }

    /** A copy with one property added or replaced. */
    public PostHogEvent withProperty(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(properties);
        copy.put(key, value);
        return new PostHogEvent(event, distinctId, copy, timestamp, uuid);
    }

    /** A copy without the given property. */
    public PostHogEvent withoutProperty(String key) {
        Map<String, Object> copy = new LinkedHashMap<>(properties);
        copy.remove(key);
        return new PostHogEvent(event, distinctId, copy, timestamp, uuid);
    }

    @Override
    public String toString() {
        return "PostHogEvent{event=" + event + ", uuid=" + uuid + ", timestamp=" + timestamp
                + ", properties=" + properties.size() + " keys}";
    }
}
