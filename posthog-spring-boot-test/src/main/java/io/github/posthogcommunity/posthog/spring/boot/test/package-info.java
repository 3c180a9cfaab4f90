/**
 * Test support for applications using PostHog: {@link io.github.posthogcommunity.posthog.spring.boot.test.AutoConfigurePostHogRecorder}
 * records what the application captures, in memory, and stubs feature flags; assert with
 * {@link io.github.posthogcommunity.posthog.spring.boot.test.PostHogRecorder}.
 */
@NullMarked
package io.github.posthogcommunity.posthog.spring.boot.test;

import org.jspecify.annotations.NullMarked;
