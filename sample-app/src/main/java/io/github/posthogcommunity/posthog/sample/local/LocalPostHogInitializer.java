package io.github.posthogcommunity.posthog.sample.local;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the {@link LocalPostHog} before the context is refreshed, unless {@code posthog.host} (or
 * {@code POSTHOG_HOST}) points elsewhere, and points the client at it. It runs in its own server, not the
 * application's: the web server stops before the PostHog drain, the local PostHog only after it (as a bean).
 */
public final class LocalPostHogInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The project key used with the local PostHog when none is configured. */
    public static final String LOCAL_KEY = "phc_local_sample_project";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        String host = environment.getProperty("posthog.host");
        if (host != null && !host.isBlank()) {
            return;
        }
        LocalPostHog local;
        try {
            local = LocalPostHog.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the local PostHog", e);
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("posthog.host", local.baseUrl());
        String key = environment.getProperty("posthog.api-key");
        if (key == null || key.isBlank()) {
            properties.put("posthog.api-key", LOCAL_KEY);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("localPostHog", properties));
        if (context instanceof GenericApplicationContext generic) {
            generic.registerBean("localPostHog", LocalPostHog.class, () -> local);
        }
    }
}
