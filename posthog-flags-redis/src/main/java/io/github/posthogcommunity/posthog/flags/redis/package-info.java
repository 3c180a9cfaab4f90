/**
 * A fleet-wide feature-flag definitions cache on Redis: {@link
 * io.github.posthogcommunity.posthog.flags.redis.RedisFlagDefinitionsCache} and its auto-configuration
 * ({@code posthog.feature-flags.cache.type=redis}).
 */
@NullMarked
package io.github.posthogcommunity.posthog.flags.redis;

import org.jspecify.annotations.NullMarked;
