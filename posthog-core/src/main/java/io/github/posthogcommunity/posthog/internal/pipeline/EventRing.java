package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.internal.event.EventRecord;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The hand-off from capturing threads to the dispatcher: a bounded multi-producer, single-consumer ring.
 *
 * <p>Producers must hold a queue permit before publishing (see {@link Pipeline}); the capacity is at least the
 * number of permits, and the dispatcher consumes a slot before the permit of its event can be released. So the
 * slot a producer claims is always free: publishing is one atomic increment and one ordered store, with no retry
 * loop, no lock and no allocation. The claimed position is the event's sequence number: every event accepted
 * before position {@code p} was claimed has a smaller number, which is what makes flushes exact.
 */
final class EventRing {

    private final AtomicReferenceArray<EventRecord> slots;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    /**
     * Next position to consume; the dispatcher's alone. Padded: it changes with every event consumed, and the fields
     * above are read by every publish.
     */
    private final PaddedLong head = new PaddedLong(0);

    EventRing(int minCapacity) {
        int capacity = Integer.highestOneBit(Math.max(2, minCapacity - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    /** Publishes an event (the caller holds a permit) and returns its sequence number. */
    long publish(EventRecord event) {
        long position = tail.getAndIncrement();
        event.sequence(position);
        slots.setRelease((int) position & mask, event);
        return position;
    }

    /** The number of positions claimed so far: every event accepted before now has a smaller sequence. */
    long claimed() {
        return tail.get();
    }

    /** Dispatcher only: the next event, or {@code null} when none is published at the head yet. */
    EventRecord poll() {
        long position = head.getPlain();
        int index = (int) position & mask;
        EventRecord event = slots.getAcquire(index);
        if (event == null) {
            return null;
        }
        slots.setRelease(index, null);
        head.setPlain(position + 1);
        return event;
    }

    /** Dispatcher only: {@code true} when the event at the head is published (the next {@link #poll} returns it). */
    boolean headPublished() {
        return slots.getAcquire((int) head.getPlain() & mask) != null;
    }

    /** The number of slots: a power of two, at least the requested capacity. */
    int capacity() {
        return slots.length();
    }

    /** Dispatcher only: the sequence number of the next event to consume. */
    long head() {
        return head.getPlain();
    }
}
