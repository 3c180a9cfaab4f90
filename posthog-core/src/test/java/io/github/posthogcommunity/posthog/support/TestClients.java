package io.github.posthogcommunity.posthog.support;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogClientBuilder;

import java.time.Duration;

/** Builders preset for tests: local server, no compression, a key that is easy to search for in logs. */
public final class TestClients {

    public static final String API_KEY = "phc_testProjectKey_0123456789";

    private TestClients() {
    }

    public static PostHogClientBuilder builder(CaptureServer server) {
        return PostHogClient.builder(API_KEY)
                .host(server.host())
                .compression(Compression.NONE)
                .flushInterval(Duration.ofHours(1))
                .requestTimeout(Duration.ofSeconds(5))
                .shutdownTimeout(Duration.ofSeconds(5));
    }
}
