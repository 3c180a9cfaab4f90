/**
 * An OpenFeature provider backed by PostHog feature flags.
 */
@NullMarked
package io.github.posthogcommunity.posthog.openfeature;

import org.jspecify.annotations.NullMarked;
