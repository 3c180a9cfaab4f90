package io.github.posthogcommunity.posthog.internal.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@code long} on a cache line of its own, for a value that capturing threads read on every capture while the
 * dispatcher writes its neighbours all the time: next to them, each write would cost every capturing thread a cache
 * miss. The padding works because a superclass's fields are laid out before a subclass's: 64 bytes, the value,
 * 64 bytes. The object holding the reference must not be written often either (hold it in a final field of an
 * object that only the capturing side reads, or read it once).
 */
final class PaddedLong extends PaddedLongValue {

    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6, q7, q8;

    PaddedLong(long initial) {
        super(initial);
    }
}

/** The padding laid out before the value. */
abstract class PaddedLongPad {
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7, p8;
}

/** The value and its accessors: plain for a single owner, volatile and compare-and-set for shared use. */
abstract class PaddedLongValue extends PaddedLongPad {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(PaddedLongValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long value;

    PaddedLongValue(long initial) {
        VALUE.setVolatile(this, initial);
    }

    /** Owner thread only. */
    final long getPlain() {
        return value;
    }

    /** Owner thread only. */
    final void setPlain(long newValue) {
        value = newValue;
    }

    final long get() {
        return (long) VALUE.getVolatile(this);
    }

    final void set(long newValue) {
        VALUE.setVolatile(this, newValue);
    }

    final boolean compareAndSet(long expected, long newValue) {
        return VALUE.compareAndSet(this, expected, newValue);
    }
}
