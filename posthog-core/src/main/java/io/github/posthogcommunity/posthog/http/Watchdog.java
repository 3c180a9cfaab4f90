package io.github.posthogcommunity.posthog.http;

import io.github.posthogcommunity.posthog.internal.Threads;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds a blocking call by interrupting the calling thread when its time is up. One daemon timer thread per
 * transport; a timer fires only for calls that overrun.
 */
final class Watchdog {

    private static final int ARMED = 0;
    private static final int FIRED = 1;
    private static final int DISARMED = 2;

    private final ScheduledThreadPoolExecutor timer;
    private volatile Thread thread;

    Watchdog(String threadName) {
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Interrupts the current thread after {@code timeout} unless the returned ticket is disarmed first. */
    Ticket arm(Duration timeout) {
        Ticket ticket = new Ticket(Thread.currentThread());
        ticket.future = timer.schedule(ticket::fire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return ticket;
    }

    /**
     * Stops the timer thread and waits (briefly) for it to end, so no thread outlives the transport. The join matters:
     * the pool reports termination a moment before its worker thread has actually exited.
     */
    void close() {
        timer.shutdownNow();
        Thread t = thread;
        if (t != null) {
            Threads.joinAll(List.of(t), TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    /** One armed call. */
    static final class Ticket {
        private final Thread caller;
        private final AtomicInteger state = new AtomicInteger(ARMED);
        private volatile ScheduledFuture<?> future;

        private Ticket(Thread caller) {
            this.caller = caller;
        }

        private void fire() {
            if (state.compareAndSet(ARMED, FIRED)) {
                caller.interrupt();
            }
        }

        /** {@code true} when the timer interrupted the caller. */
        boolean fired() {
            return state.get() == FIRED;
        }

        /** Stops the timer; if it already fired, clears the interrupt it may have left on the caller. */
        void disarm() {
            if (state.compareAndSet(ARMED, DISARMED)) {
                ScheduledFuture<?> f = future;
                if (f != null) {
                    f.cancel(false);
                }
            } else {
                Thread.interrupted();
            }
        }
    }
}
