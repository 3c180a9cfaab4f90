/**
 * Logged errors as PostHog {@code $exception} events: {@link io.github.posthogcommunity.posthog.logback.PostHogAppender}.
 */
@NullMarked
package io.github.posthogcommunity.posthog.logback;

import org.jspecify.annotations.NullMarked;
