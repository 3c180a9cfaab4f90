/**
 * Feature flag results, options, snapshots and statistics.
 */
@NullMarked
package io.github.posthogcommunity.posthog.flags;

import org.jspecify.annotations.NullMarked;
