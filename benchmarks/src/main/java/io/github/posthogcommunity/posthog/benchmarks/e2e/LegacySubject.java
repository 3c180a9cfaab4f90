package io.github.posthogcommunity.posthog.benchmarks.e2e;

import com.posthog.java.HttpSender;
import com.posthog.java.PostHog;
import com.posthog.java.PostHogLogger;
import com.posthog.java.QueueManager;

import java.util.List;

/** The legacy official Java SDK, {@code com.posthog.java:posthog} (OkHttp, org.json, shaded). */
final class LegacySubject implements Subject {

    @Override
    public String name() {
        return "legacy";
    }

    @Override
    public String artifact() {
        return "com.posthog.java:posthog:" + Versions.of("posthog-java-legacy");
    }

    @Override
    public List<String> notes(Settings s) {
        return List.of("QueueManager.maxQueueSize=" + s.batchSize() + " is a flush THRESHOLD, maxTimeInQueue="
                        + s.flushInterval().toMillis() + " ms, sleepMs=100 (default poll)",
                "no max batch size: every send posts the whole queue in one request",
                "no queue capacity: the queue is unbounded",
                "no flush() and no shutdown timeout: shutdown() stops the poller and joins it without a bound",
                "no compression: bodies are plain JSON; HttpSender retries inline (maxRetries default, 500 ms x3^n)");
    }

    @Override
    public Client start(String url, Settings s) {
        HttpSender sender = new HttpSender.Builder("phc_benchmark").host(url).logger(new QuietLogger()).build();
        QueueManager queue = new QueueManager.Builder(sender)
                .maxQueueSize(s.batchSize())
                .maxTimeInQueue(s.flushInterval())
                .build();
        PostHog client = new PostHog.BuilderWithCustomQueueManager(queue, sender).build();
        return Client.of((id, event, props) -> {
            client.capture(id, event, props);
            return true;
        }, null, client::shutdown);
    }

    /** Keeps the SDK's per-failure stack traces out of the benchmark output. */
    private static final class QuietLogger implements PostHogLogger {
        @Override
        public void debug(String message) {
        }

        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void error(String message) {
        }

        @Override
        public void error(String message, Throwable throwable) {
        }
    }
}
