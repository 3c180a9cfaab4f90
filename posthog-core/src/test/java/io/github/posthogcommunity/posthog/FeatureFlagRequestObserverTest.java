package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.flags.FeatureFlagRequestObserver;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The observer sees each remote /flags request on the reading thread, and can never change a flag read. */
class FeatureFlagRequestObserverTest extends FlagsServerTestBase {

    private final List<String> seen = new CopyOnWriteArrayList<>();

    private FeatureFlagRequestObserver recording() {
        return fallback -> {
            String thread = Thread.currentThread().getName();
            seen.add("start " + (fallback ? "fallback" : "remote") + " on " + thread);
            return ok -> seen.add("end " + (ok ? "success" : "failure") + " on " + thread);
        };
    }

    @Test
    void eachRemoteRequestIsObservedWithItsOutcomeOnTheReadingThread() {
        server.flags(200, RemoteFeatureFlagsTest.V2).flags(500, "{}");
        String thread = Thread.currentThread().getName();
        try (PostHogClient client = server.client().featureFlagsMaxRetries(0).featureFlagsRequestObserver(recording())
                .build()) {
            assertThat(client.isFeatureEnabled("beta", "user-1", false)).isTrue();
            assertThat(client.isFeatureEnabled("beta", "user-1", false)).isFalse();
        }
        assertThat(seen).containsExactly("start remote on " + thread, "end success on " + thread,
                "start remote on " + thread, "end failure on " + thread);
    }

    @Test
    void anObserverThatThrowsDoesNotChangeTheRead() {
        server.flags(200, RemoteFeatureFlagsTest.V2).flags(200, RemoteFeatureFlagsTest.V2);
        FeatureFlagRequestObserver throwsOnStart = fallback -> {
            throw new IllegalStateException("observer broke");
        };
        FeatureFlagRequestObserver throwsOnEnd = fallback -> ok -> {
            throw new IllegalStateException("observer broke");
        };
        try (PostHogClient client = server.client().featureFlagsRequestObserver(throwsOnStart).build()) {
            assertThat(client.getFeatureFlag("checkout", "user-1")).isEqualTo("test");
        }
        try (PostHogClient client = server.client().featureFlagsRequestObserver(throwsOnEnd).build()) {
            assertThat(client.getFeatureFlag("checkout", "user-1")).isEqualTo("test");
        }
    }
}
