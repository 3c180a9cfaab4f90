package io.github.posthogcommunity.posthog.log4j2.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.log4j2.PostHogAppender;

import org.springframework.context.SmartLifecycle;

/**
 * Makes the application's client the default client of the {@code <PostHog>} appenders declared in the Log4j2
 * configuration while the context runs: from start (before the web server takes requests) to stop (just before the
 * client drains).
 */
final class PostHogLog4j2DefaultClient implements SmartLifecycle {

    private final PostHogClient client;
    private final int phase;
    private volatile boolean running;

    PostHogLog4j2DefaultClient(PostHogClient client, int phase) {
        this.client = client;
        this.phase = phase;
    }

    @Override
    public void start() {
        PostHogAppender.setDefaultClient(client);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        PostHogAppender.clearDefaultClient(client);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }
}
