/** Carrying the PostHog context (request identity, scope) across threads, executors and Reactor. */
@NullMarked
package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.context;

import org.jspecify.annotations.NullMarked;
