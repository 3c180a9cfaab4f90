package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.AttemptReport;
import io.github.posthogcommunity.posthog.DeliveryListener;
import io.github.posthogcommunity.posthog.DropReport;
import io.github.posthogcommunity.posthog.internal.Threads;
import io.github.posthogcommunity.posthog.internal.LoggerNames;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs delivery listeners on their own thread, so a slow or throwing listener never stalls the dispatcher:
 * reports wait in a bounded queue, and when it is full they are discarded and counted.
 */
final class Notifier {

    private static final System.Logger LOG = System.getLogger(LoggerNames.PIPELINE);
    private static final int CAPACITY = 4096;
    /** The least time listeners get at close to take the last reports. */
    static final long MIN_GRACE_NANOS = 1_000_000_000L;
    /** After the interrupt, how long a listener still gets before the notifier stops waiting for it. */
    private static final long INTERRUPT_GRACE_MILLIS = 100;
    private static final Object STOP = new Object();

    private final List<DeliveryListener> listeners;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong overflows;
    private final String threadName;
    private volatile Thread thread;
    private boolean stopped;
    private boolean warnedThrow;

    /**
     * A notifier for this live list of listeners (listeners may be added to it later, see
     * {@code PostHogClient.addDeliveryListener}). Its thread starts now when there are listeners, else with the
     * first report that finds one; while nobody listens, reports are discarded without being queued.
     */
    static Notifier start(List<DeliveryListener> listeners, AtomicLong overflows, String threadName) {
        return new Notifier(listeners, overflows, threadName);
    }

    private Notifier(List<DeliveryListener> listeners, AtomicLong overflows, String threadName) {
        this.listeners = listeners;
        this.overflows = overflows;
        this.threadName = threadName;
        if (!listeners.isEmpty()) {
            startThread();
        }
    }

    /** Whether any listener is registered: reports are worth making. */
    boolean listening() {
        return !listeners.isEmpty();
    }

    /** Starts the thread once, never after {@link #stop}. */
    private synchronized void startThread() {
        if (thread != null || stopped) {
            return;
        }
        Thread t = new Thread(this::run, threadName);
        t.setDaemon(true);
        t.start();
        thread = t;
    }

    void attempt(AttemptReport report) {
        offer(report);
    }

    void dropped(DropReport report) {
        offer(report);
    }

    private void offer(Object report) {
        if (listeners.isEmpty()) {
            return;
        }
        if (thread == null) {
            startThread();
        }
        if (!queue.offer(report)) {
            overflows.incrementAndGet();
        }
    }

    /**
     * Delivers what is queued, then stops: waits up to {@code waitNanos} for listeners to take the remaining reports,
     * then interrupts a listener still running and waits a moment more. A listener that ignores interruption is left
     * behind (its thread is a daemon) with a warning. The caller's interrupt status does not shorten the wait.
     */
    void stop(long waitNanos) {
        Thread thread;
        synchronized (this) {
            stopped = true;
            thread = this.thread;
        }
        if (thread == null) {
            return;
        }
        while (!queue.offer(STOP)) {
            queue.poll();
            overflows.incrementAndGet();
        }
        Threads.joinAll(List.of(thread), waitNanos);
        if (thread.isAlive()) {
            thread.interrupt();
            Threads.joinAll(List.of(thread), TimeUnit.MILLISECONDS.toNanos(INTERRUPT_GRACE_MILLIS));
            LOG.log(System.Logger.Level.WARNING, thread.isAlive()
                    ? "PostHog delivery listener ignored the interrupt at close; it is left running"
                    : "PostHog delivery listener did not finish in time; interrupted it");
        }
    }

    private void run() {
        while (true) {
            Object report;
            try {
                report = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (report == STOP) {
                return;
            }
            for (DeliveryListener listener : listeners) {
                try {
                    if (report instanceof AttemptReport attempt) {
                        listener.onAttempt(attempt);
                    } else {
                        listener.onDropped((DropReport) report);
                    }
                } catch (Exception | Error e) {
                    // An AssertionError or a sneaky checked exception must not kill the notifier thread.
                    if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                        throw (VirtualMachineError) e;
                    }
                    if (!warnedThrow) {
                        warnedThrow = true;
                        LOG.log(System.Logger.Level.WARNING, "PostHog delivery listener "
                                + listener.getClass().getName() + " threw; further failures are not logged", e);
                    }
                }
            }
        }
    }
}
