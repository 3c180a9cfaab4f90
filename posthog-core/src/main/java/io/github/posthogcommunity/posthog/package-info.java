/**
 * The PostHog client ({@link io.github.posthogcommunity.posthog.PostHogClient}), its builder, capture options,
 * the ambient event context and delivery statistics.
 */
@NullMarked
package io.github.posthogcommunity.posthog;

import org.jspecify.annotations.NullMarked;
