/**
 * Remote feature flag evaluation (internal; not a public API).
 */
@NullMarked
package io.github.posthogcommunity.posthog.internal.flags;

import org.jspecify.annotations.NullMarked;
