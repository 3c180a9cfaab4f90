package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.ShutdownResult;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class PostHogShutdownLifecycleTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(7);

    @Test
    void stopDrainsWithTheConfiguredDeadlineThenCallsBackAndLogsTheCounts(CapturedOutput output) throws Exception {
        AtomicReference<Duration> deadline = new AtomicReference<>();
        PostHogShutdownLifecycle lifecycle = new PostHogShutdownLifecycle(timeout -> {
            deadline.set(timeout);
            return new ShutdownResult(true, 12, 3, Duration.ofMillis(40));
        }, TIMEOUT, 5, true);
        lifecycle.start();
        assertThat(lifecycle.isRunning()).isTrue();

        assertThat(stopAndAwaitCallback(lifecycle)).isTrue();
        assertThat(deadline.get()).isEqualTo(TIMEOUT);
        assertThat(lifecycle.isRunning()).isFalse();
        assertThat(output.getOut()).contains("12 event(s) delivered, 3 dropped");
    }

    @Test
    void theCallbackRunsWhenTheDrainThrows(CapturedOutput output) throws Exception {
        PostHogShutdownLifecycle lifecycle = new PostHogShutdownLifecycle(timeout -> {
            throw new IllegalStateException("boom");
        }, TIMEOUT, 5, true);
        lifecycle.start();
        assertThat(stopAndAwaitCallback(lifecycle)).isTrue();
        assertThat(output.getOut()).contains("PostHog drain on shutdown failed");
    }

    @Test
    void theCallbackRunsWhenTheDeadlinePassesAndAWarningSaysSo(CapturedOutput output) throws Exception {
        PostHogShutdownLifecycle lifecycle = new PostHogShutdownLifecycle(
                timeout -> new ShutdownResult(false, 1, 99, TIMEOUT), TIMEOUT, 5, true);
        lifecycle.start();
        assertThat(stopAndAwaitCallback(lifecycle)).isTrue();
        assertThat(output.getOut()).contains("PostHog shutdown deadline").contains("99 dropped");
    }

    @Test
    void aSecondStopDoesNotDrainAgainButStillCallsBack() throws Exception {
        AtomicInteger drains = new AtomicInteger();
        PostHogShutdownLifecycle lifecycle = new PostHogShutdownLifecycle(timeout -> {
            drains.incrementAndGet();
            return new ShutdownResult(true, 0, 0, Duration.ZERO);
        }, TIMEOUT, 5, false);
        lifecycle.start();
        assertThat(stopAndAwaitCallback(lifecycle)).isTrue();
        assertThat(stopAndAwaitCallback(lifecycle)).isTrue();
        lifecycle.stop();
        assertThat(drains).hasValue(1);
    }

    @Test
    void aDisabledClientIsDrainedSilently(CapturedOutput output) throws Exception {
        PostHogShutdownLifecycle lifecycle = new PostHogShutdownLifecycle(
                timeout -> new ShutdownResult(true, 0, 0, Duration.ZERO), TIMEOUT, 5, false);
        lifecycle.start();
        assertThat(stopAndAwaitCallback(lifecycle)).isTrue();
        assertThat(output.getOut()).doesNotContain("PostHog drained");
    }

    private static boolean stopAndAwaitCallback(PostHogShutdownLifecycle lifecycle) throws InterruptedException {
        CountDownLatch callback = new CountDownLatch(1);
        lifecycle.stop(callback::countDown);
        return callback.await(30, TimeUnit.SECONDS);
    }
}
