package io.github.posthogcommunity.posthog.internal.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Properties added to every event a client captures. Copy-on-write: writers (rare) replace an immutable snapshot
 * under a lock; capturing threads read one volatile field and, when it is empty, do nothing more.
 * Values are deep-copied when registered, so they are immutable and JSON-ready.
 */
public final class SuperProperties {

    /** Set when each event is encoded (capture v0); a super property could otherwise replace them. */
    private static final Set<String> RESERVED = Set.of("$lib", "$lib_version");

    private volatile Map<String, Object> values = Map.of();

    /** @throws IllegalArgumentException for a blank or reserved key, or a value that cannot be sent */
    public void register(String key, Object value) {
        String name = validKey(key);
        Object copy;
        try {
            copy = new PropertySnapshot().copyValue(value);
        } catch (InvalidEventException e) {
            throw new IllegalArgumentException("super property '" + name + "': " + e.getMessage());
        }
        synchronized (this) {
            Map<String, Object> next = new LinkedHashMap<>(values);
            next.put(name, copy);
            values = Collections.unmodifiableMap(next);
        }
    }

    /** Removes a super property; {@code false} when it was not registered. */
    public boolean unregister(String key) {
        if (key == null) {
            return false;
        }
        synchronized (this) {
            if (!values.containsKey(key)) {
                return false;
            }
            Map<String, Object> next = new LinkedHashMap<>(values);
            next.remove(key);
            values = next.isEmpty() ? Map.of() : Collections.unmodifiableMap(next);
            return true;
        }
    }

    /** The registered properties (an immutable snapshot). */
    public Map<String, Object> snapshot() {
        return values;
    }

    /**
     * Capturing thread: fills in every super property the event does not have yet. Called after the caller's
     * properties, the context's tags and the SDK's own {@code $} properties are in, so all of them win.
     */
    void applyTo(Map<String, Object> props) {
        Map<String, Object> current = values;
        if (current.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Object> e : current.entrySet()) {
            if (!EventFactory.IS_SERVER.equals(e.getKey())) { // an SDK property, which super properties never set
                props.putIfAbsent(e.getKey(), e.getValue());
            }
        }
    }

    private static String validKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("super property key must not be blank");
        }
        if (RESERVED.contains(key)) {
            throw new IllegalArgumentException("super property key '" + key + "' is set by the SDK");
        }
        return key;
    }
}
