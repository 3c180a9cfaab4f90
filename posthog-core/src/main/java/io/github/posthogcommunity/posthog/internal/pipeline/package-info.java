/**
 * The event pipeline: queue, dispatcher, sender pool, retries, flush and shutdown (internal; not a
 * public API; see {@code docs/architecture.md}).
 */
@NullMarked
package io.github.posthogcommunity.posthog.internal.pipeline;

import org.jspecify.annotations.NullMarked;
