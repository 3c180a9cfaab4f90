/**
 * Spring Boot auto-configuration of the PostHog Logback appender ({@code posthog.logging.*}) and of the trace ids
 * of {@code $exception} events.
 */
@NullMarked
package io.github.posthogcommunity.posthog.logback.autoconfigure;

import org.jspecify.annotations.NullMarked;
