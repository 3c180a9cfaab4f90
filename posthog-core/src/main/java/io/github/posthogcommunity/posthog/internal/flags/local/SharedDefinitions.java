package io.github.posthogcommunity.posthog.internal.flags.local;

import io.github.posthogcommunity.posthog.internal.LoggerNames;
import io.github.posthogcommunity.posthog.flags.CachedFlagDefinitions;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCache;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCacheStats;
import org.jspecify.annotations.Nullable;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The poller's side of a {@link FlagDefinitionsCache}: every call guarded (a throwing or failing cache is a
 * counted failure, never an error of the poller), failures logged once per streak, and the counters of
 * {@link FlagDefinitionsCacheStats}. Called on the poller thread only; the counters are read from any thread.
 */
final class SharedDefinitions {

    private static final System.Logger LOG = System.getLogger(LoggerNames.FLAGS);

    /** What a read gave: a failure, nothing yet, or a document. */
    record Read(boolean failed, @Nullable CachedFlagDefinitions document) {
        static final Read FAILED = new Read(true, null);
        static final Read EMPTY = new Read(false, null);
    }

    private final FlagDefinitionsCache cache;
    private final String name;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong fallbackFetches = new AtomicLong();
    private volatile boolean leaseHeld;

    // poller thread only
    private int failureStreak;

    SharedDefinitions(FlagDefinitionsCache cache) {
        this.cache = cache;
        String n;
        try {
            n = cache.name();
        } catch (RuntimeException e) {
            n = cache.getClass().getSimpleName();
        }
        this.name = n == null ? cache.getClass().getSimpleName() : n;
    }

    /** {@code true}: this instance holds the lease; {@code false}: another does; {@code null}: the cache failed. */
    @Nullable Boolean lease() {
        try {
            boolean held = cache.acquireOrRenewLease();
            leaseHeld = held;
            recovered();
            return held;
        } catch (Throwable e) {
            leaseHeld = false;
            failed("take the lease", e);
            return null;
        }
    }

    Read read() {
        try {
            CachedFlagDefinitions document = cache.read();
            recovered();
            if (document == null) {
                return Read.EMPTY;
            }
            reads.incrementAndGet();
            return new Read(false, document);
        } catch (Throwable e) {
            failed("read the definitions", e);
            return Read.FAILED;
        }
    }

    void write(CachedFlagDefinitions document) {
        try {
            cache.write(document);
            writes.incrementAndGet();
            recovered();
        } catch (Throwable e) {
            failed("write the definitions", e);
        }
    }

    /** Gives the lease up if this instance held it at its last poll; after the poller thread has ended. */
    synchronized void release() {
        if (!leaseHeld) {
            return;
        }
        leaseHeld = false;
        try {
            cache.release();
        } catch (Throwable e) {
            failures.incrementAndGet();
            rethrowFatal(e);
            LOG.log(System.Logger.Level.WARNING, "PostHog flag definitions cache ({0}) could not release its lease "
                    + "({1}); it expires on its own", name, describe(e));
        }
    }

    /** This poll fetches by itself because the cache failed. */
    void fellBack() {
        fallbackFetches.incrementAndGet();
    }

    FlagDefinitionsCacheStats stats() {
        return new FlagDefinitionsCacheStats(true, name, leaseHeld, reads.get(), writes.get(), failures.get(),
                fallbackFetches.get());
    }

    private void recovered() {
        if (failureStreak > 0) {
            LOG.log(System.Logger.Level.INFO, "PostHog flag definitions cache ({0}) answers again after {1} "
                    + "failed call(s)", name, failureStreak);
            failureStreak = 0;
        }
    }

    private void failed(String what, Throwable e) {
        rethrowFatal(e);
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        failures.incrementAndGet();
        failureStreak++;
        if (failureStreak == 1) {
            LOG.log(System.Logger.Level.WARNING, "PostHog flag definitions cache ({0}) could not {1} ({2}); this "
                    + "instance fetches the definitions by itself until it answers again", name, what, describe(e));
        } else {
            LOG.log(System.Logger.Level.DEBUG, "PostHog flag definitions cache ({0}) still failing ({1} calls): "
                    + "could not {2} ({3})", name, failureStreak, what, describe(e));
        }
    }

    /** The exception's class and its root cause's class; never a message (it may hold a host or a password). */
    static String describe(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
            root = root.getCause();
        }
        return root == e ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + " caused by " + root.getClass().getSimpleName();
    }

    private static void rethrowFatal(Throwable e) {
        if (e instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }
}
