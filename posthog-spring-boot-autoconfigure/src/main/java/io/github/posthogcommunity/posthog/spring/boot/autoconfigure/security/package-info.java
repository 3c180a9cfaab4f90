/**
 * The identity of events from Spring Security: the authenticated principal is the distinct id of events captured
 * without one, overridable with a {@link PostHogDistinctIdResolver} bean.
 */
@NullMarked
package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
