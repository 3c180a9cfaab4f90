package io.github.posthogcommunity.posthog.spring.boot.test;

import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * One event as the client sent it, read back from the request body. The same shape whichever capture protocol
 * the client uses: on capture v1 the event's root {@code session_id} and {@code window_id} appear as the
 * {@code $session_id} and {@code $window_id} properties, as on v0.
 *
 * @param event the event name, for example {@code order placed} or {@code $identify}
 * @param distinctId the distinct id sent (a random one for a personless event)
 * @param uuid the event's uuid, or {@code null} if the body had none
 * @param timestamp the event's timestamp as sent (ISO-8601), or {@code null}
 * @param properties the properties as sent, parsed from JSON: numbers are {@code Integer}, {@code Long},
 *                   {@code Double} or big numbers, objects are maps, arrays are lists; unmodifiable
 * @param endpoint the path it was sent to, for example {@code /batch/} or {@code /i/v0/ai/batch/}
 */
public record RecordedEvent(String event, String distinctId, @Nullable String uuid, @Nullable String timestamp,
                            Map<String, @Nullable Object> properties, String endpoint) {

    /** Makes {@code properties} unmodifiable. */
    public RecordedEvent {
        properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }

    /** A property's value, or {@code null} when absent (or sent as JSON {@code null}). */
    public @Nullable Object property(String name) {
        return properties.get(name);
    }

    /** Whether the event was sent without a person profile ({@code $process_person_profile} false). */
    public boolean isPersonless() {
        return Boolean.FALSE.equals(properties.get("$process_person_profile"));
    }

    @Override
    public String toString() {
        return "'" + event + "' for " + distinctId + " " + properties;
    }
}
