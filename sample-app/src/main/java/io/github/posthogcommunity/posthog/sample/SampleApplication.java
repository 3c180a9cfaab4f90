package io.github.posthogcommunity.posthog.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small service that uses the PostHog starter the way a real one would. Offline by default: unless
 * {@code posthog.host} (or {@code POSTHOG_HOST}) is set, it starts a local PostHog in the same process and sends
 * there; {@code GET /local-posthog/events} shows what arrived.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
