package io.github.posthogcommunity.posthog.support;

import io.github.posthogcommunity.posthog.PostHogClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when a test moves it; moving it wakes the pipeline at once. */
public final class ManualClock implements PostHogClock {

    private final Instant origin;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile long lastRead;

    public ManualClock() {
        this(Instant.parse("2026-11-22T10:15:30.123456Z"));
    }

    public ManualClock(Instant origin) {
        this.origin = origin;
    }

    @Override
    public Instant now() {
        return origin.plusNanos(nanos.get() - 1_000_000_000L);
    }

    @Override
    public long nanoTime() {
        long now = nanos.get();
        lastRead = now;
        return now;
    }

    /** What the latest {@link #nanoTime()} call returned: a test learns from it that the pipeline looked. */
    public long lastRead() {
        return lastRead;
    }

    /** The clock's time, without counting as a read. */
    public long peek() {
        return nanos.get();
    }

    @Override
    public void onJump(Runnable onJump) {
        listeners.add(onJump);
    }

    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
        listeners.forEach(Runnable::run);
    }
}
