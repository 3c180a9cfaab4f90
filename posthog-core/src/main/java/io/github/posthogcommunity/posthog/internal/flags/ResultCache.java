package io.github.posthogcommunity.posthog.internal.flags;

import io.github.posthogcommunity.posthog.PostHogClock;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The optional in-process cache of remote {@code /flags} answers, keyed by the whole {@link FlagsQuery} (distinct
 * id, groups, person and group properties, GeoIP choice, flag keys, evaluation contexts). Bounded in size (least
 * recently used goes first) and in age (an entry older than {@code maxAge} is a miss). Only complete answers are
 * kept: a failure, a quota answer or one with {@code errorsWhileComputing} is never cached. Thread-safe; a hit
 * takes one short lock and does no I/O.
 */
final class ResultCache {

    private record Entry(FlagsResponse response, long storedAt) {
    }

    private final int maxSize;
    private final long maxAgeNanos;
    private final PostHogClock clock;
    private final LinkedHashMap<FlagsQuery, Entry> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    ResultCache(int maxSize, Duration maxAge, PostHogClock clock) {
        this.maxSize = maxSize;
        this.maxAgeNanos = maxAge.toNanos();
        this.clock = clock;
        this.entries = new LinkedHashMap<>(Math.min(maxSize, 1024) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<FlagsQuery, ResultCache.Entry> eldest) {
                return size() > ResultCache.this.maxSize;
            }
        };
    }

    /** The cached answer to this query, or {@code null} (a miss, counted). */
    FlagsResponse get(FlagsQuery query) {
        long now = clock.nanoTime();
        Entry entry;
        synchronized (entries) {
            entry = entries.get(query);
            if (entry != null && now - entry.storedAt() > maxAgeNanos) {
                entries.remove(query);
                entry = null;
            }
        }
        if (entry == null) {
            misses.increment();
            return null;
        }
        hits.increment();
        return entry.response();
    }

    /** Keeps a complete answer. */
    void put(FlagsQuery query, FlagsResponse response) {
        if (response.failed() || response.quotaLimited() || response.errorsWhileComputing()) {
            return;
        }
        Entry entry = new Entry(response, clock.nanoTime());
        synchronized (entries) {
            entries.put(query, entry);
        }
    }

    /** Forgets everything (on shutdown). */
    void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }
}
