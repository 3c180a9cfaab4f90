package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import java.util.Map;

/**
 * Adjusts the super properties of the auto-configured {@code PostHogClient} (properties added to every event)
 * before it is built, for values known only at runtime, such as the build version from {@code BuildProperties} or
 * the instance id. Receives what {@code posthog.super-properties.*} bound, in a mutable map: add, replace or remove
 * entries. Declare customizers as beans; they run in {@link org.springframework.core.Ordered Ordered} /
 * {@link org.springframework.core.annotation.Order @Order} order. To change super properties while the application
 * runs, call {@code PostHogClient.register(key, value)} / {@code unregister(key)}.
 */
@FunctionalInterface
public interface PostHogSuperPropertiesCustomizer {

    /**
     * Customizes the super properties.
     *
     * @param superProperties the super properties so far (insertion-ordered, mutable)
     */
    void customize(Map<String, Object> superProperties);
}
