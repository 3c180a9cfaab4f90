package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.support.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DropWarningsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final DropWarnings warnings = new DropWarnings(now::get);

    @Test
    void batchLevelDropsLogOncePerWindowAndCountWhatWasSuppressed() {
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 50; i++) {
                warnings.dropped(DropReason.REJECTED, 100, "HTTP 400 for a batch of 100");
            }
            assertThat(logs.warningsContaining("(rejected)")).isEqualTo(1);
            now.addAndGet(DropWarnings.WINDOW_NANOS);
            warnings.dropped(DropReason.REJECTED, 100, "HTTP 400 for a batch of 100");
            assertThat(logs.warningsContaining("(rejected)")).isEqualTo(2);
            assertThat(logs.warningsContaining("4900 more event(s)")).isEqualTo(1);
            warnings.dropped(DropReason.RETRIES_EXHAUSTED, 100, "gave up");
            assertThat(logs.warningsContaining("(retries_exhausted)")).isEqualTo(1);
        }
    }

    @Test
    void perEventProblemsAreLoggedEveryTimeAndShutdownNever() {
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 3; i++) {
                warnings.dropped(DropReason.TOO_LARGE, 1, "event 'e' is 1000000 bytes");
                warnings.dropped(DropReason.INVALID, 1, "could not be serialized");
                warnings.dropped(DropReason.SHUTDOWN, 1, "deadline");
            }
            assertThat(logs.warningsContaining("(too_large)")).isEqualTo(3);
            assertThat(logs.warningsContaining("(invalid)")).isEqualTo(3);
            assertThat(logs.warningsContaining("(shutdown)")).isZero();
        }
    }

    @Test
    void dropsOnCapturingThreadsAreLimitedForEveryReason() {
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 1_000; i++) {
                warnings.limited(DropReason.INVALID, 1, "event 'e': distinct id is blank");
                warnings.limited(DropReason.TOO_LARGE, 1, "event 'e': properties are over the cap");
            }
            assertThat(logs.warningsContaining("(invalid)")).isEqualTo(1);
            assertThat(logs.warningsContaining("(too_large)")).isEqualTo(1);
            now.addAndGet(DropWarnings.WINDOW_NANOS);
            warnings.limited(DropReason.INVALID, 1, "event 'e': distinct id is blank");
            assertThat(logs.warningsContaining("999 more event(s)")).isEqualTo(1);
        }
    }
}
