package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClientBuilder;

/**
 * Tweaks the builder of the auto-configured {@code PostHogClient} after the {@code posthog.*} properties were
 * applied: add before-send hooks, delivery listeners or headers. Declare customizers as beans; they run in
 * {@link org.springframework.core.Ordered Ordered} / {@link org.springframework.core.annotation.Order @Order}
 * order, so a later customizer sees (and may override) what an earlier one set. Not called for a disabled client.
 */
@FunctionalInterface
public interface PostHogClientCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder of the client being created
     */
    void customize(PostHogClientBuilder builder);
}
