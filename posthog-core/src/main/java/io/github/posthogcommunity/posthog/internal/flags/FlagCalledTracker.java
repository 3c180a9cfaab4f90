package io.github.posthogcommunity.posthog.internal.flags;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which {@code $feature_flag_called} events were already emitted, per (distinct id, flag key, value,
 * groups in any order). Bounded: when full, the least recently seen entry is evicted (never the whole cache).
 * {@link #firstTime} checks and records in one atomic step, so two threads reading the same flag emit one event.
 */
final class FlagCalledTracker {

    private record Key(String distinctId, String flag, Object value, Map<String, String> groups) {
    }

    private final LinkedHashMap<Key, Boolean> seen;

    FlagCalledTracker(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * {@code true} the first time this combination is seen (and records it); {@code false} after. Groups are
     * compared as maps, so their order does not matter.
     */
    boolean firstTime(String distinctId, String flag, Object value, Map<String, String> groups) {
        Key key = new Key(distinctId, flag, value, groups == null || groups.isEmpty() ? Map.of() : Map.copyOf(groups));
        synchronized (seen) {
            return seen.put(key, Boolean.TRUE) == null;
        }
    }

    void clear() {
        synchronized (seen) {
            seen.clear();
        }
    }

    int size() {
        synchronized (seen) {
            return seen.size();
        }
    }
}
