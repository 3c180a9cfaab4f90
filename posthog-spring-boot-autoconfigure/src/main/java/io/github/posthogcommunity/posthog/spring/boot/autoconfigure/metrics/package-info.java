/**
 * Micrometer meters of the PostHog client.
 */
@NullMarked
package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
