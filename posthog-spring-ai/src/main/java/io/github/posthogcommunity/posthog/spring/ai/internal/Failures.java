package io.github.posthogcommunity.posthog.spring.ai.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Contains what goes wrong while building an event, so that the model call never sees it: fatal VM errors
 * propagate, everything else is logged (at most once a minute) and the event is skipped or degraded.
 */
public final class Failures {

    private static final System.Logger LOG = System.getLogger("io.github.posthogcommunity.posthog.spring.ai");
    private static final long INTERVAL_NANOS = 60_000_000_000L;
    private static final AtomicLong NEXT_LOG = new AtomicLong(Long.MIN_VALUE);

    private Failures() {
    }

    /** Rethrows a fatal VM error (other than a stack overflow); logs anything else, rate-limited. */
    public static void contain(Throwable t, String what) {
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
        warn(what + " failed: " + t.getClass().getName());
    }

    static void warn(String message) {
        long now = System.nanoTime();
        long next = NEXT_LOG.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && NEXT_LOG.compareAndSet(next, now + INTERVAL_NANOS)) {
            LOG.log(System.Logger.Level.WARNING, "PostHog LLM analytics: {0}", message);
        }
    }
}
