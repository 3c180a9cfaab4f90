package io.github.posthogcommunity.posthog.internal.wire;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The encoder's reusable output buffer. It refuses to grow past {@code cap} bytes (the write that would pass it
 * throws {@link EventTooLargeException}, so an outsized event costs at most {@code cap} bytes of copying), and it
 * never keeps more than {@link #RETAINED_BYTES} between events: a buffer grown by one large event is let go when
 * that event is done, instead of staying pinned for the client's lifetime. Single-threaded.
 */
final class ScratchBuffer extends OutputStream {

    /** The most a buffer keeps between two events: a few typical events. */
    static final int RETAINED_BYTES = 16 * 1024;
    private static final int INITIAL_BYTES = 1024;

    private final int cap;
    private byte[] bytes = new byte[INITIAL_BYTES];
    private int count;

    ScratchBuffer(int cap) {
        this.cap = cap;
    }

    /** Starts the next event: forgets the previous bytes and lets go of a grown array. */
    void reset() {
        count = 0;
        if (bytes.length > RETAINED_BYTES) {
            bytes = new byte[INITIAL_BYTES];
        }
    }

    /** A copy of the bytes written since {@link #reset()}. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, count);
    }

    /** The size of the array held now (for tests). */
    int capacity() {
        return bytes.length;
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, count, length);
        count += length;
    }

    private void ensure(int more) {
        long needed = (long) count + more;
        if (needed <= bytes.length) {
            return;
        }
        if (needed > cap) {
            count = 0;
            bytes = new byte[INITIAL_BYTES];
            throw new EventTooLargeException(cap);
        }
        bytes = Arrays.copyOf(bytes, (int) Math.min(cap, Math.max(needed, 2L * bytes.length)));
    }
}
