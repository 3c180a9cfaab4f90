/**
 * The framework-free part of the logging appenders ({@code posthog-logback}, {@code posthog-log4j2}); internal,
 * not a public API. {@link io.github.posthogcommunity.posthog.internal.logging.LogExceptionCapture} turns one
 * {@link io.github.posthogcommunity.posthog.internal.logging.LogEntry} into one {@code $exception} event.
 */
@NullMarked
package io.github.posthogcommunity.posthog.internal.logging;

import org.jspecify.annotations.NullMarked;
