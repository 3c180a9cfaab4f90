package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.ShutdownResult;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Drains the client when the application context closes, within {@code posthog.shutdown-timeout}. Its phase
 * ({@code posthog.lifecycle.phase}) is below the web server's graceful shutdown and the task executors, so events
 * captured by requests and tasks still running when the shutdown began are delivered. The stop callback is invoked
 * whatever the drain's outcome, also when it throws.
 *
 * <p>Not pauseable: the drain is the client's irreversible shutdown, so {@code ConfigurableApplicationContext.pause()}
 * (and the test context cache, which pauses contexts it keeps) leaves it running; only closing the context drains.
 */
final class PostHogShutdownLifecycle implements SmartLifecycle {

    private static final Log LOG = LogFactory.getLog(PostHogShutdownLifecycle.class);

    private final Function<Duration, ShutdownResult> drain;
    private final Duration timeout;
    private final int phase;
    private final boolean report;
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * @param drain the client's {@code shutdown(Duration)}
     * @param report whether to log the outcome (not for a disabled client, which has nothing to drain)
     */
    PostHogShutdownLifecycle(Function<Duration, ShutdownResult> drain, Duration timeout, int phase, boolean report) {
        this.drain = drain;
        this.timeout = timeout;
        this.phase = phase;
        this.report = report;
    }

    /**
     * Warns when the drain may outlast the shutdown phase: Spring would then stop waiting for it and go on
     * destroying beans while events are still being sent.
     */
    static void warnIfDrainOutlivesPhase(Duration drainTimeout, Duration phaseTimeout) {
        if (drainTimeout.compareTo(phaseTimeout) >= 0) {
            LOG.warn("posthog.shutdown-timeout (" + drainTimeout + ") should be shorter than "
                    + "spring.lifecycle.timeout-per-shutdown-phase (" + phaseTimeout + "), or Spring may stop "
                    + "waiting for the PostHog drain before it ends");
        }
    }

    @Override
    public void start() {
        running.set(true);
    }

    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            drain();
        }
    }

    /** Drains on its own thread so beans of the same phase stop concurrently; the callback always runs. */
    @Override
    public void stop(Runnable callback) {
        if (!running.compareAndSet(true, false)) {
            callback.run();
            return;
        }
        Runnable task = () -> {
            try {
                drain();
            } finally {
                callback.run();
            }
        };
        try {
            Thread thread = new Thread(task, "posthog-shutdown");
            thread.setDaemon(true);
            thread.start();
        } catch (RuntimeException | OutOfMemoryError cannotStartThread) {
            task.run();
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** A paused context restarts; a shut-down client cannot, so a pause must not reach the drain. */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    private void drain() {
        try {
            ShutdownResult result = drain.apply(timeout);
            if (!report) {
                return;
            }
            if (result.withinDeadline()) {
                LOG.info("PostHog drained on shutdown in " + result.took().toMillis() + " ms: " + result.sent()
                        + " event(s) delivered, " + result.dropped() + " dropped");
            } else {
                LOG.warn("PostHog shutdown deadline (posthog.shutdown-timeout=" + timeout + ") passed after "
                        + result.took().toMillis() + " ms: " + result.sent() + " event(s) delivered, "
                        + result.dropped() + " dropped");
            }
        } catch (RuntimeException | Error e) {
            LOG.warn("PostHog drain on shutdown failed; pending events may be lost", e);
        }
    }
}
