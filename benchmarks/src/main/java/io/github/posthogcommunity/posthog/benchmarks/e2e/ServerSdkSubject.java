package io.github.posthogcommunity.posthog.benchmarks.e2e;

import com.posthog.server.PostHog;
import com.posthog.server.PostHogCaptureOptions;
import com.posthog.server.PostHogConfig;
import com.posthog.server.PostHogInterface;

import java.util.List;

/** The official server SDK, {@code com.posthog:posthog-server} (Kotlin, OkHttp). */
final class ServerSdkSubject implements Subject {

    @Override
    public String name() {
        return "server";
    }

    @Override
    public String artifact() {
        return "com.posthog:posthog-server:" + Versions.of("posthog-server");
    }

    @Override
    public List<String> notes(Settings s) {
        return List.of("flushAt=maxBatchSize=" + s.batchSize() + ", maxQueueSize=<queue capacity>"
                        + " (drops the OLDEST event when full), flushIntervalSeconds=" + seconds(s)
                        + " (whole seconds only)",
                "no shutdown-timeout option: close() is measured as is",
                "no compression option: the sink reports whether requests arrived gzipped",
                "feature-flag preloading and remote config disabled so only capture traffic is measured");
    }

    private static int seconds(Settings s) {
        return (int) Math.max(1, Math.round(s.flushInterval().toMillis() / 1000.0));
    }

    @Override
    public Client start(String url, Settings s) {
        PostHogConfig config = PostHogConfig.Companion.builder("phc_benchmark")
                .host(url)
                .flushAt(s.batchSize())
                .maxBatchSize(s.batchSize())
                .maxQueueSize(s.queueCapacity())
                .flushIntervalSeconds(seconds(s))
                .preloadFeatureFlags(false)
                .remoteConfig(false)
                .sendFeatureFlagEvent(false)
                .build();
        PostHogInterface client = PostHog.with(config);
        return Client.of((id, event, props) -> {
            client.capture(id, event, new PostHogCaptureOptions.Builder().properties(props).build());
            return true;
        }, client::flush, client::close);
    }
}
