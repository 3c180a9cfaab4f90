/**
 * Auto-configuration of the PostHog client: {@code posthog.*} properties, the client bean, customizers
 * and the shutdown drain.
 */
@NullMarked
package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
