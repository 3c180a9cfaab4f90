package io.github.posthogcommunity.posthog;

import java.time.Instant;

enum SystemClock implements PostHogClock {
    INSTANCE;

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
