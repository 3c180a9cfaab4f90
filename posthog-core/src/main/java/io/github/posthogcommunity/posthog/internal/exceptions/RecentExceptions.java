package io.github.posthogcommunity.posthog.internal.exceptions;

import java.lang.ref.WeakReference;
import java.util.function.LongSupplier;

/**
 * The exceptions a client captured lately, so that the same {@link Throwable} instance reported by two paths (a
 * logging appender and the web framework's exception capture, say) is sent once. An exception is a repeat when it,
 * or an exception of its cause chain, is the same instance as a recently captured exception or one of that
 * exception's causes: a container that logs the root cause, or a wrapper, of an exception already captured adds
 * nothing.
 *
 * <p>Bounds: a ring of {@link #CAPACITY} weak references (an exception is never kept alive by this), each
 * remembered for {@code window}; at most {@link #MAX_CHAIN} exceptions of a cause chain are remembered or looked
 * up. One short lock; no allocation besides the remembered references.
 */
public final class RecentExceptions {

    static final int CAPACITY = 64;
    static final int MAX_CHAIN = 8;

    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Entry[] ring = new Entry[CAPACITY];
    private int next;

    public RecentExceptions(long windowNanos, LongSupplier nanoTime) {
        this.windowNanos = windowNanos;
        this.nanoTime = nanoTime;
    }

    /**
     * Remembers {@code throwable} and its causes and returns {@code true}, unless it is a repeat (see the class
     * comment): then it returns {@code false} and remembers nothing. Never throws for a misbehaving
     * {@code getCause}.
     */
    public boolean firstSighting(Throwable throwable) {
        Throwable[] chain = chain(throwable);
        long now = nanoTime.getAsLong();
        synchronized (ring) {
            for (Throwable candidate : chain) {
                if (candidate != null && seen(candidate, now)) {
                    return false;
                }
            }
            for (Throwable candidate : chain) {
                if (candidate != null) {
                    ring[next] = new Entry(candidate, now);
                    next = (next + 1) % CAPACITY;
                }
            }
            return true;
        }
    }

    private boolean seen(Throwable candidate, long now) {
        for (Entry entry : ring) {
            if (entry != null && entry.get() == candidate && now - entry.capturedAt < windowNanos) {
                return true;
            }
        }
        return false;
    }

    private static Throwable[] chain(Throwable throwable) {
        Throwable[] chain = new Throwable[MAX_CHAIN];
        Throwable current = throwable;
        for (int i = 0; i < MAX_CHAIN && current != null; i++) {
            for (int j = 0; j < i; j++) {
                if (chain[j] == current) {
                    return chain; // a cycle
                }
            }
            chain[i] = current;
            try {
                current = current.getCause();
            } catch (RuntimeException | StackOverflowError | LinkageError e) {
                return chain;
            }
        }
        return chain;
    }

    private static final class Entry extends WeakReference<Throwable> {
        final long capturedAt;

        Entry(Throwable throwable, long capturedAt) {
            super(throwable);
            this.capturedAt = capturedAt;
        }
    }
}
