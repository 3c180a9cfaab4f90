/**
 * Logged errors as PostHog {@code $exception} events: the Log4j2 appender plugin
 * {@link io.github.posthogcommunity.posthog.log4j2.PostHogAppender} ({@code <PostHog>} in {@code log4j2.xml}).
 */
@NullMarked
package io.github.posthogcommunity.posthog.log4j2;

import org.jspecify.annotations.NullMarked;
