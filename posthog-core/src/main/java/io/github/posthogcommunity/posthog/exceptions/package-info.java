/**
 * Options of exception capture ({@code PostHogClient.captureException}).
 */
@NullMarked
package io.github.posthogcommunity.posthog.exceptions;

import org.jspecify.annotations.NullMarked;
